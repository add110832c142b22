package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakCliTest {
  record Result(int code, String out, String err) {}

  static Result run(InputStream in, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, Map.of(), in, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String stdin, String... args) {
    return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  /** A fake GitHub token with a valid checksum (never a real one). */
  static String fakeGithubToken(long seed) {
    String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    Random r = new Random(seed);
    StringBuilder random = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      random.append(alnum.charAt(r.nextInt(alnum.length())));
    }
    CRC32 crc = new CRC32();
    crc.update(random.toString().getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    String b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    char[] sum = new char[6];
    for (int i = 5; i >= 0; i--) {
      sum[i] = b62.charAt((int) (v % 62));
      v /= 62;
    }
    return "ghp_" + random + new String(sum);
  }

  @Test
  void leaksPrintsExactJsonContract() {
    String tok = fakeGithubToken(1);
    String input = "export GITHUB_TOKEN=" + tok + "\n";
    Result r = run(input, "leaks");
    assertEquals(0, r.code(), r.err());
    int s = input.indexOf(tok);
    assertEquals("[{\"type\":\"github_pat\",\"start\":" + s + ",\"end\":" + (s + tok.length()) + "}]", r.out().strip());
  }

  @Test
  void leaksOnCleanInputPrintsEmptyArrayAndExitsZero() {
    Result r = run("nothing to see here\n", "leaks");
    assertEquals(0, r.code());
    assertEquals("[]", r.out().strip());
  }

  @Test
  void leaksOnEmptyInput() {
    Result r = run("", "leaks");
    assertEquals(0, r.code());
    assertEquals("[]", r.out().strip());
  }

  @Test
  void leaksOffsetsAreCodePoints() {
    String tok = fakeGithubToken(2);
    String input = "\uD83D\uDD11 key: " + tok;
    Result r = run(input, "leaks");
    int cp = input.codePointCount(0, input.indexOf(tok));
    assertTrue(r.out().contains("\"start\":" + cp + ",\"end\":" + (cp + tok.length())), r.out());
  }

  @Test
  void leaksSurvivesInvalidUtf8AndBinary() {
    byte[] junk = new byte[200_000];
    new Random(3).nextBytes(junk);
    String tok = fakeGithubToken(3);
    byte[] t = (" " + tok + " ").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, junk, 1000, t.length);
    Result r = run(new ByteArrayInputStream(junk), "leaks");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("github_pat"), r.out());
  }

  @Test
  void leaksOnHundredMegabytesOfInputGivesAResult() {
    long total = 100L << 20;
    String tok = fakeGithubToken(4);
    byte[] unit = "GET /api/v1/items?page=2 HTTP/1.1 host: api.example.org accept: application/json\n".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\nAuthorization: token " + tok + "\n").getBytes(StandardCharsets.US_ASCII);
    InputStream in = new InputStream() {
      long pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= total) {
          return -1;
        }
        int n = (int) Math.min(len, total - pos);
        for (int i = 0; i < n; i++) {
          long p = pos + i;
          long tailStart = total - tail.length;
          b[off + i] = p >= tailStart ? tail[(int) (p - tailStart)] : unit[(int) (p % unit.length)];
        }
        pos += n;
        return n;
      }
    };
    Result r = run(in, "leaks");
    assertEquals(0, r.code(), r.err());
    long start = total - tail.length + "\nAuthorization: token ".length();
    assertEquals("[{\"type\":\"github_pat\",\"start\":" + start + ",\"end\":" + (start + tok.length()) + "}]", r.out().strip());
  }

  @Test
  void scanFindsSecretsInFilesAndExitsOne(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("config.env"), "A=1\nGITHUB_TOKEN=" + fakeGithubToken(5) + "\n");
    Files.writeString(dir.resolve("clean.txt"), "hello\n");
    Result r = run("", "scan", dir.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("config.env:2:14: github_pat"), r.out());
    assertFalse(r.out().contains("ghp_"), "the value itself is never printed");
  }

  @Test
  void scanCleanTreeExitsZero(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.txt"), "nothing secret\n");
    assertEquals(0, run("", "scan", dir.toString()).code());
  }

  @Test
  void scanRespectsGitignoreAndSkipsBinaries(@TempDir Path dir) throws Exception {
    String tok = fakeGithubToken(6);
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".gitignore"), "*.log\nbuild/\n/secret-*.txt\n!keep.log\n");
    Files.writeString(dir.resolve("app.log"), tok);
    Files.writeString(dir.resolve("keep.log"), "t=" + tok);
    Files.createDirectories(dir.resolve("build"));
    Files.writeString(dir.resolve("build/out.txt"), tok);
    Files.writeString(dir.resolve("secret-1.txt"), tok);
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/secret-2.txt"), tok);
    Files.writeString(dir.resolve(".git/config"), tok);
    byte[] bin = ("\0\0" + tok).getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve("image.bin"), bin);
    Result r = run("", "scan", "--format", "json", dir.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("keep.log"), r.out());
    assertTrue(r.out().contains("sub/secret-2.txt"), "anchored pattern applies only at the root: " + r.out());
    assertFalse(r.out().contains("app.log"), r.out());
    assertFalse(r.out().contains("build/out.txt"), r.out());
    assertFalse(r.out().contains("/secret-1.txt"), r.out());
    assertFalse(r.out().contains(".git/"), r.out());
    assertFalse(r.out().contains("image.bin"), r.out());
  }

  @Test
  void scanSarifHasRuleAndRegion(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("k.txt"), "x\n" + fakeGithubToken(7));
    Result r = run("", "scan", "--format", "sarif", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("\"version\":\"2.1.0\""), r.out());
    assertTrue(r.out().contains("\"ruleId\":\"github_pat\""), r.out());
    assertTrue(r.out().contains("\"startLine\":2,\"startColumn\":1"), r.out());
  }

  @Test
  void scanSkipsFilesOverTheSizeCap(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("big.txt"), "x".repeat(2000) + fakeGithubToken(8));
    assertEquals(0, run("", "scan", "--max-file-size", "1000", dir.toString()).code());
  }

  @Test
  void scanUsageErrorsExitTwo(@TempDir Path dir) {
    assertEquals(2, run("", "scan").code());
    assertEquals(2, run("", "scan", "--format", "xml", dir.toString()).code());
    assertEquals(2, run("", "scan", dir.resolve("missing").toString()).code());
  }
}
