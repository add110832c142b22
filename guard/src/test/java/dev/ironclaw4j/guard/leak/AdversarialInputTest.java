package dev.ironclaw4j.guard.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ReDoS and bad input: adversarial text of 10 MB finishes, and the work done by full patterns grows
 * linearly (10 MB costs about ten times 1 MB, not a hundred), measured by a work counter, not a clock.
 */
@Tag("slow")
class AdversarialInputTest {
  static final int MB = 1 << 20;

  static Stream<Arguments> adversarial() {
    return Stream.of(
        Arguments.of("one-char", "a"),
        Arguments.of("one-char-A", "A"),
        Arguments.of("ghp-prefixes", "ghp_"),
        Arguments.of("near-miss-github", "ghp_aB3"),
        Arguments.of("begin-markers", "-----BEGIN "),
        Arguments.of("private-key-headers", "-----BEGIN RSA PRIVATE KEY-----\n"),
        Arguments.of("password-runs", "password="),
        Arguments.of("password-assignments", "password=\"x"),
        Arguments.of("url-userinfo", "https://u:"),
        Arguments.of("jwt-prefixes", "eyJ"),
        Arguments.of("percent-escapes", "%4"),
        Arguments.of("json-escapes", "\\u00"),
        Arguments.of("base64-alphabet", "Ab3+"),
        Arguments.of("telegram", "12345678:AA"));
  }

  private static String repeat(String unit, int chars) {
    StringBuilder sb = new StringBuilder(chars + unit.length());
    while (sb.length() < chars) {
      sb.append(unit);
    }
    sb.setLength(chars);
    return sb.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversarial")
  void tenMegabytesFinishAndWorkIsLinear(String name, String unit) {
    LeakDetector d = new LeakDetector();
    String small = repeat(unit, MB);
    String big = repeat(unit, 10 * MB);
    long[] work = new long[2];
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      long w0 = LeakDetector.regexWork();
      assertNotNull(d.scan(small));
      long w1 = LeakDetector.regexWork();
      assertNotNull(d.scan(big));
      long w2 = LeakDetector.regexWork();
      work[0] = w1 - w0;
      work[1] = w2 - w1;
    });
    // Linear: ten times the input may cost at most ~12 times the pattern work (other tests may run
    // concurrently in the same JVM only if configured; surefire runs this class alone by default).
    assertTrue(work[1] <= 12 * Math.max(work[0], 1) + 64 * 1024,
        name + ": 1 MB work " + work[0] + ", 10 MB work " + work[1]);
  }

  @Test
  void emptyInputIsClean() {
    LeakDetector d = new LeakDetector();
    assertEquals(List.of(), d.scan(""));
    assertEquals("", d.redact(""));
  }

  @Test
  void binaryAndInvalidUtf8GiveAResult() throws Exception {
    byte[] junk = new byte[3 * MB];
    new Random(11).nextBytes(junk);
    LeakDetector d = new LeakDetector();
    Reader r = new InputStreamReader(new java.io.ByteArrayInputStream(junk), StandardCharsets.UTF_8);
    AtomicInteger n = new AtomicInteger();
    d.scan(r, true, f -> n.incrementAndGet());
    assertNotNull(d.scan(new String(junk, StandardCharsets.ISO_8859_1)));
  }

  @Test
  void hundredMegabytesStreamWithBoundedMemoryFindsSecretsAtBothEnds() throws Exception {
    FakeCredentials g = new FakeCredentials(5);
    String head = g.checksummed("ghp_");
    String tail = g.checksummed("npm_");
    long total = 100L * MB;
    // A reader that generates text on the fly: the test itself holds no 100 MB string.
    Reader gen = new Reader() {
      final String filler = "The quick brown fox jumps over the lazy dog; password reset link sent.\n";
      long pos = 0;
      final String start = head + "\n";
      final String end = "\n" + tail + "\n";

      @Override
      public int read(char[] cbuf, int off, int len) {
        if (pos >= total) {
          return -1;
        }
        int n = (int) Math.min(len, total - pos);
        for (int i = 0; i < n; i++) {
          long p = pos + i;
          char c;
          if (p < start.length()) {
            c = start.charAt((int) p);
          } else if (p >= total - end.length()) {
            c = end.charAt((int) (p - (total - end.length())));
          } else {
            c = filler.charAt((int) (p % filler.length()));
          }
          cbuf[off + i] = c;
        }
        pos += n;
        return n;
      }

      @Override
      public void close() {}
    };
    List<Finding> found = new java.util.ArrayList<>();
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new LeakDetector().scan(gen, true, found::add));
    assertEquals(2, found.size(), found.toString());
    assertEquals("github_pat", found.get(0).type());
    assertEquals(0, found.get(0).start());
    assertEquals("npm_token", found.get(1).type());
    assertEquals(total - tail.length() - 1, found.get(1).start());
  }

  @Test
  void secretAcrossAChunkBoundaryIsFoundOnce() {
    String tok = new FakeCredentials(9).checksummed("ghp_");
    for (int shift : new int[] {-30, -20, -1, 0, 1, 20}) {
      StringBuilder sb = new StringBuilder(repeat("lorem ipsum ", LeakDetector.CHUNK + shift));
      sb.append(' ').append(tok).append(' ').append(repeat("dolor ", 5000));
      List<Finding> f = new LeakDetector().scan(sb);
      assertEquals(1, f.size(), "shift " + shift + ": " + f);
      assertEquals(sb.indexOf(tok), f.getFirst().start());
    }
  }

  @Test
  void findingsAreCappedAtTheLimit() {
    FakeCredentials g = new FakeCredentials(3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      sb.append(g.checksummed("ghp_")).append('\n');
    }
    assertEquals(10, new LeakDetector(dev.ironclaw4j.guard.vault.KnownSecrets.NONE, 10).scan(sb).size());
  }

  @Test
  void codePointOffsetsCountSupplementaryCharactersOnce() throws Exception {
    String tok = new FakeCredentials(4).checksummed("ghp_");
    String text = "\uD83D\uDE00\uD83D\uDE00 é " + tok;
    List<Finding> cp = new java.util.ArrayList<>();
    new LeakDetector().scan(new java.io.StringReader(text), true, cp::add);
    assertEquals(text.codePointCount(0, text.indexOf(tok)), cp.getFirst().start());
    assertEquals(cp.getFirst().start() + tok.length(), cp.getFirst().end());
  }
}
