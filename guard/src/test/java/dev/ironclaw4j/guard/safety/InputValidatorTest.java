package dev.ironclaw4j.guard.safety;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
  private final InputValidator v = new InputValidator(new InputValidator.Limits(1000, 4, 20, 50));

  private static SafetyException expect(String reason, org.junit.jupiter.api.function.Executable e) {
    SafetyException ex = assertThrows(SafetyException.class, e);
    assertEquals(reason, ex.reason(), ex.getMessage());
    return ex;
  }

  @Test
  void textAtTheSizeLimitPassesAndOneOverIsRefusedNamingTheLimit() {
    assertDoesNotThrow(() -> v.checkText("x".repeat(1000), "output of tool 'fetch'"));
    SafetyException e = expect("too-large", () -> v.checkText("x".repeat(1001), "output of tool 'fetch'"));
    assertTrue(e.getMessage().contains("maxChars=1000") && e.getMessage().contains("output of tool 'fetch'"), e.getMessage());
  }

  @Test
  void nulAndUnpairedSurrogatesAreRefusedInParameters() {
    expect("nul-character", () -> v.checkText("a\u0000b", "parameter 'path'"));
    expect("invalid-utf16", () -> v.checkText("a\uD800b", "parameter 'path'"));
    expect("invalid-utf16", () -> v.checkText("a\uDC00", "parameter 'path'"));
    assertDoesNotThrow(() -> v.checkText("emoji \uD83D\uDE00 ok", "parameter 'path'"));
  }

  @Test
  void brokenOutputIsCleanedNotRefused() {
    assertEquals("a\uFFFDb\uFFFD", v.cleanOutput("a\u0000b\uD800", "output"));
    assertEquals("fine \uD83D\uDE00", v.cleanOutput("fine \uD83D\uDE00", "output"));
  }

  @Test
  void invalidUtf8IsRefused() {
    expect("invalid-utf8", () -> v.decodeUtf8(new byte[] {'a', (byte) 0xC3}, "stdin"));
    assertEquals("é", v.decodeUtf8("é".getBytes(StandardCharsets.UTF_8), "stdin"));
  }

  @Test
  void jsonDepthAtTheLimitPassesAndOneDeeperIsRefused() {
    assertDoesNotThrow(() -> v.checkJson("[[[[1]]]]", "params"));
    SafetyException e = expect("json-too-deep", () -> v.checkJson("[[[[[1]]]]]", "params"));
    assertTrue(e.getMessage().contains("maxJsonDepth=4"), e.getMessage());
  }

  @Test
  void jsonStringLengthIsLimitedForValuesAndNames() {
    assertDoesNotThrow(() -> v.checkJson("{\"k\": \"" + "x".repeat(20) + "\"}", "params"));
    SafetyException e = expect("json-string-too-long", () -> v.checkJson("{\"k\": \"" + "x".repeat(21) + "\"}", "params"));
    assertTrue(e.getMessage().contains("maxJsonStringChars=20"), e.getMessage());
    expect("json-string-too-long", () -> v.checkJson("{\"" + "k".repeat(21) + "\": 1}", "params"));
  }

  @Test
  void jsonEntryCountAndSyntaxAreChecked() {
    expect("json-too-many-entries", () -> v.checkJson("[" + "1,".repeat(60) + "1]", "params"));
    expect("json-invalid", () -> v.checkJson("{\"a\": ", "params"));
    expect("too-large", () -> v.checkJson("[" + " ".repeat(1000) + "]", "params"));
  }

  @Test
  void limitsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new InputValidator.Limits(0, 1, 1, 1));
  }
}
