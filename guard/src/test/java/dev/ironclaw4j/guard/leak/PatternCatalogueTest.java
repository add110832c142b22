package dev.ironclaw4j.guard.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PatternCatalogueTest {
  private static final LeakDetector DETECTOR = new LeakDetector();

  static Stream<Arguments> samples() {
    return new FakeCredentials(42).all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @Test
  void catalogueHasAtLeastEightyFormats() {
    assertTrue(LeakDetector.patternTypes().size() >= 80, "formats: " + LeakDetector.patternTypes().size());
  }

  @Test
  void everyFormatHasAGeneratedFakeCredential() {
    TreeSet<String> missing = new TreeSet<>(LeakDetector.patternTypes());
    missing.removeAll(new FakeCredentials(1).all().keySet());
    assertEquals(new TreeSet<String>(), missing);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void fakeCredentialIsFound(String type, String line) {
    String text = "some text before\n" + line + "\nand after.";
    List<Finding> f = DETECTOR.scan(text);
    assertTrue(f.stream().anyMatch(x -> x.type().equals(type)), type + " not found; got " + f);
    Finding hit = f.stream().filter(x -> x.type().equals(type)).findFirst().orElseThrow();
    int lineStart = text.indexOf(line);
    assertTrue(hit.start() >= lineStart && hit.end() <= lineStart + line.length(), "span inside the sample: " + hit);
    assertTrue(hit.end() - hit.start() >= 8, "span covers the secret: " + hit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void fakeCredentialIsRedacted(String type, String line) {
    Finding hit = DETECTOR.scan(line).stream().filter(x -> x.type().equals(type)).findFirst().orElseThrow();
    String secret = line.substring(hit.start(), hit.end());
    String red = DETECTOR.redact(line);
    if (hit.action() != Finding.Action.WARN) {
      assertTrue(!red.contains(secret), "secret still present after redaction: " + type);
      assertTrue(red.contains("[REDACTED:" + type + "]"), red);
    }
  }

  @Test
  void githubTokenWithBadChecksumIsNotReported() {
    FakeCredentials g = new FakeCredentials(7);
    String good = g.checksummed("ghp_");
    String bad = good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A");
    assertEquals(1, DETECTOR.scan(good).size());
    assertEquals(List.of(), DETECTOR.scan(bad));
  }

  @Test
  void npmTokenWithBadChecksumIsNotReported() {
    String good = new FakeCredentials(8).checksummed("npm_");
    String bad = "npm_" + new StringBuilder(good.substring(4)).reverse();
    assertEquals("npm_token", DETECTOR.scan(good).getFirst().type());
    assertEquals(List.of(), DETECTOR.scan(bad));
  }

  @Test
  void fiftySamplesInOneDocumentAreAllFound() {
    Map<String, String> all = new FakeCredentials(99).all();
    StringBuilder doc = new StringBuilder();
    for (String line : all.values()) {
      doc.append("lorem ipsum dolor\n").append(line).append("\n\n");
    }
    List<Finding> f = DETECTOR.scan(doc);
    TreeSet<String> types = new TreeSet<>();
    f.forEach(x -> types.add(x.type()));
    TreeSet<String> missing = new TreeSet<>(all.keySet());
    missing.removeAll(types);
    assertEquals(new TreeSet<String>(), missing);
  }

  @Test
  void privateKeyWithPemHeadersSpansToTheEndLine() {
    FakeCredentials g = new FakeCredentials(13);
    String block = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
        + g.hex(32).toUpperCase(java.util.Locale.ROOT) + "\n\n" + g.r(FakeCredentials.B64, 64) + "\n"
        + g.r(FakeCredentials.B64, 40) + "==\n-----END RSA PRIVATE KEY-----";
    String text = "key:\n" + block + "\ntrailing words";
    List<Finding> f = DETECTOR.scan(text);
    assertEquals(1, f.size(), f.toString());
    assertEquals("private_key_rsa", f.getFirst().type());
    assertEquals(block, text.substring(f.getFirst().start(), f.getFirst().end()));
  }

  @Test
  void truncatedPrivateKeyWithoutEndLineIsStillBlocked() {
    String body = new FakeCredentials(14).r(FakeCredentials.B64, 64);
    String text = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n\n";
    Finding f = DETECTOR.scan(text).getFirst();
    assertEquals("openssh_private_key", f.type());
    assertEquals(Finding.Action.BLOCK, f.action());
    assertEquals(text.strip().length(), f.end());
  }

  @Test
  void privateKeyInJsonWithEscapedNewlinesIsOneFinding() {
    String body = new FakeCredentials(15).r(FakeCredentials.B64, 64);
    String pem = "-----BEGIN PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----\\n";
    String json = "{\"type\": \"service_account\", \"private_key\": \"" + pem + "\"}";
    List<Finding> f = DETECTOR.scan(json);
    assertEquals(1, f.size(), f.toString());
    assertEquals("private_key_pkcs8", f.getFirst().type());
    assertTrue(json.substring(f.getFirst().start(), f.getFirst().end()).endsWith("-----END PRIVATE KEY-----"));
  }
}
