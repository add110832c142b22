package dev.ironclaw4j.guard.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.vault.KnownSecrets;
import dev.ironclaw4j.guard.vault.SecretValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KnownSecretTest {
  // Looks like nothing in the pattern catalogue: only the vault knows it is secret.
  static final String VALUE = "plain words/with+symbols \"and\" quotes\\ 7";

  static final class Vault implements KnownSecrets {
    final List<SecretValue> values = new ArrayList<>();
    final AtomicLong version = new AtomicLong();

    void put(String name, String value) {
      values.add(SecretValue.of(name, value.getBytes(StandardCharsets.UTF_8)));
      version.incrementAndGet();
    }

    @Override
    public List<SecretValue> current() {
      return List.copyOf(values);
    }

    @Override
    public long version() {
      return version.get();
    }
  }

  static LeakDetector detector() {
    Vault v = new Vault();
    v.put("MY_SECRET", VALUE);
    return new LeakDetector(v);
  }

  static Stream<Arguments> encodings() {
    byte[] b = VALUE.getBytes(StandardCharsets.UTF_8);
    List<Arguments> a = new ArrayList<>();
    a.add(Arguments.of("raw", VALUE));
    a.add(Arguments.of("hex-lower", HexFormat.of().formatHex(b)));
    a.add(Arguments.of("hex-upper", HexFormat.of().withUpperCase().formatHex(b)));
    a.add(Arguments.of("url", URLEncoder.encode(VALUE, StandardCharsets.UTF_8).replace("+", "%20")));
    a.add(Arguments.of("json", VALUE.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/")));
    a.add(Arguments.of("json-minimal", VALUE.replace("\\", "\\\\").replace("\"", "\\\"")));
    for (int k = 0; k < 3; k++) {
      // The value at each byte alignment inside a longer stream.
      byte[] framed = new byte[k + b.length + 5];
      "xyz".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < k; i++) {
        framed[i] = (byte) ('a' + i);
      }
      System.arraycopy(b, 0, framed, k, b.length);
      for (int i = k + b.length; i < framed.length; i++) {
        framed[i] = (byte) ('q' + i % 5);
      }
      a.add(Arguments.of("base64-align" + k, Base64.getEncoder().encodeToString(framed)));
      a.add(Arguments.of("base64url-align" + k, Base64.getUrlEncoder().encodeToString(framed)));
    }
    return a.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void knownSecretIsBlockedInEveryEncoding(String encoding, String form) {
    String text = "{\"payload\": \"" + form + "\"}";
    List<Finding> f = detector().scan(text);
    Finding k = f.stream().filter(x -> x.type().equals("known_secret")).findFirst().orElse(null);
    assertTrue(k != null, encoding + " not found: " + f);
    assertEquals(Finding.Action.BLOCK, k.action());
    assertEquals("MY_SECRET", k.secretName());
    assertTrue(k.start() >= text.indexOf(form) && k.end() <= text.indexOf(form) + form.length(), encoding + " span " + k);
    String red = detector().redact(text);
    assertTrue(red.contains("[REDACTED:MY_SECRET]"), red);
  }

  @Test
  void findingNeverContainsTheValue() {
    Finding f = detector().scan("x " + VALUE + " y").getFirst();
    assertFalse(f.toString().contains(VALUE));
    assertFalse(f.toString().contains("plain words"));
  }

  @Test
  void matcherIsRebuiltWhenVaultChanges() {
    Vault v = new Vault();
    LeakDetector d = new LeakDetector(v);
    String text = "note: correct-horse-battery-staple";
    assertTrue(d.scan(text).isEmpty());
    v.put("PASSPHRASE", "correct-horse-battery-staple");
    assertEquals("PASSPHRASE", d.scan(text).getFirst().secretName());
    assertTrue(d.mustBlock(text));
  }

  @Test
  void valuesShorterThanEightBytesAreNotSubstringMatched() {
    Vault v = new Vault();
    v.put("PIN", "4711");
    assertTrue(new LeakDetector(v).scan("order 4711 shipped").isEmpty());
  }

  @Test
  void secretSplitByPercentEncodingOfSafeCharactersIsFoundThroughDecodedView() {
    // %61 is 'a': not a form the encoder produces, but the URL-decoded view reveals it.
    Vault v = new Vault();
    v.put("K", "zqxjvkwpmtab");
    String text = "GET /?k=zqxjvkwpmt%61b HTTP/1.1";
    List<Finding> f = new LeakDetector(v).scan(text);
    assertEquals(1, f.size(), f.toString());
    assertEquals(text.indexOf("zqx"), f.getFirst().start());
    assertEquals(text.indexOf(" HTTP"), f.getFirst().end());
  }

  @Test
  void redactorAdapterRedactsLogLines() {
    String line = detector().asRedactor().redact("user logged in with " + VALUE);
    assertEquals("user logged in with [REDACTED:MY_SECRET]", line);
  }
}
