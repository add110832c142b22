package dev.ironclaw4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Generates the leak benchmark corpora: prose, source code and JSON API traffic, each clean and with
 * fake secrets (one every ~16 KiB; never real credentials: random characters in the right shape, with
 * valid checksums where a format has one). Each corpus is split into 1 MiB files so a file-oriented
 * scanner such as secretlint sees ordinary files.
 *
 * <p>Usage: {@code LeakCorpus OUT_DIR MEGABYTES_PER_CORPUS}.
 */
public final class LeakCorpus {
  static final int FILE_BYTES = 1 << 20;
  static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or his from at which "
      + "but have an they you were her she there been one all we their has would when if so no will out more "
      + "system agent server policy request token session secret vault password key network host path tool "
      + "model editor memory review release deploy build test change value number report market river garden "
      + "history language science village winter morning question answer problem reason result example").split(" ");

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int mb = Integer.parseInt(args[1]);
    for (String kind : new String[] {"prose", "code", "json"}) {
      for (boolean secrets : new boolean[] {false, true}) {
        Path dir = out.resolve(kind + (secrets ? "-secrets" : "-clean"));
        Files.createDirectories(dir);
        Random r = new Random(kind.hashCode() * 31L + (secrets ? 1 : 0));
        int inserted = 0;
        for (int f = 0; f < mb; f++) {
          StringBuilder sb = new StringBuilder(FILE_BYTES + 4096);
          int nextSecret = 8192 + r.nextInt(16384);
          while (sb.length() < FILE_BYTES) {
            switch (kind) {
              case "prose" -> prose(r, sb);
              case "code" -> code(r, sb);
              default -> json(r, sb);
            }
            if (secrets && sb.length() >= nextSecret) {
              sb.append(secretLine(r, kind)).append('\n');
              inserted++;
              nextSecret = sb.length() + 8192 + r.nextInt(16384);
            }
          }
          String ext = switch (kind) { case "prose" -> ".md"; case "code" -> ".js"; default -> ".json"; };
          Files.writeString(dir.resolve(String.format("part-%04d%s", f, ext)), sb, StandardCharsets.UTF_8);
        }
        System.out.println(dir + ": " + mb + " MiB, " + inserted + " fake secrets");
      }
    }
  }

  static String word(Random r) {
    return WORDS[r.nextInt(WORDS.length)];
  }

  static String rnd(Random r, String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  static void prose(Random r, StringBuilder sb) {
    int sentences = 3 + r.nextInt(5);
    for (int s = 0; s < sentences; s++) {
      int n = 6 + r.nextInt(14);
      for (int i = 0; i < n; i++) {
        String w = word(r);
        sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        sb.append(i == n - 1 ? ". " : r.nextInt(12) == 0 ? ", " : " ");
      }
    }
    sb.append("\n\n");
  }

  static void code(Random r, StringBuilder sb) {
    String fn = word(r) + Character.toUpperCase(word(r).charAt(0)) + word(r);
    sb.append("// ").append(word(r)).append(' ').append(word(r)).append(' ').append(word(r)).append('\n');
    sb.append("export async function ").append(fn).append("(request, options = {}) {\n");
    sb.append("  const token = request.headers.get(\"x-").append(word(r)).append("-token\");\n");
    sb.append("  const password = options.password ?? process.env.DB_PASSWORD;\n");
    sb.append("  const id = \"").append(rnd(r, "0123456789abcdef", 40)).append("\"; // commit\n");
    sb.append("  if (!token || token.length < ").append(r.nextInt(64)).append(") {\n");
    sb.append("    throw new Error(`").append(word(r)).append(' ').append(word(r)).append(" failed for ${request.url}`);\n  }\n");
    sb.append("  const url = `https://api.").append(word(r)).append(".example.org/v1/").append(word(r)).append("?page=${options.page}`;\n");
    sb.append("  return fetch(url, { method: \"POST\", body: JSON.stringify({ ").append(word(r)).append(": ")
        .append(r.nextInt(1000)).append(" }) });\n}\n\n");
  }

  static void json(Random r, StringBuilder sb) {
    sb.append("{\"id\":\"").append(uuid(r)).append("\",\"ts\":\"2026-11-").append(10 + r.nextInt(18))
        .append("T12:").append(10 + r.nextInt(50)).append(":00Z\",\"method\":\"GET\",\"path\":\"/v1/")
        .append(word(r)).append('/').append(r.nextInt(100000)).append("\",\"status\":200,\"body\":{\"name\":\"")
        .append(word(r)).append(' ').append(word(r)).append("\",\"description\":\"").append(word(r)).append(" \\\"")
        .append(word(r)).append("\\\" ").append(word(r)).append("\\n").append(word(r)).append("\",\"etag\":\"")
        .append(rnd(r, "0123456789abcdef", 64)).append("\",\"tags\":[\"").append(word(r)).append("\",\"")
        .append(word(r)).append("\"],\"count\":").append(r.nextInt(5000)).append(",\"next\":\"/v1/").append(word(r))
        .append("?cursor=").append(rnd(r, ALNUM, 24)).append("\"}}\n");
  }

  static String uuid(Random r) {
    String h = "0123456789abcdef";
    return rnd(r, h, 8) + "-" + rnd(r, h, 4) + "-4" + rnd(r, h, 3) + "-a" + rnd(r, h, 3) + "-" + rnd(r, h, 12);
  }

  /** A fake credential of one of several common types, in a line that fits the corpus. */
  static String secretLine(Random r, String kind) {
    String secret = switch (r.nextInt(8)) {
      case 0 -> github(r);
      case 1 -> "AKIA" + rnd(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
      case 2 -> "xoxb-" + rnd(r, "0123456789", 11) + "-" + rnd(r, "0123456789", 12) + "-" + rnd(r, ALNUM, 24);
      case 3 -> "sk_live_" + rnd(r, ALNUM, 24);
      case 4 -> "postgres://app:" + rnd(r, ALNUM, 16) + "@db.internal:5432/app";
      case 5 -> "SG." + rnd(r, ALNUM + "_-", 22) + "." + rnd(r, ALNUM + "_-", 43);
      case 6 -> "sk-ant-api03-" + rnd(r, ALNUM + "_-", 93) + "AA";
      default -> "-----BEGIN RSA PRIVATE KEY-----\\n" + rnd(r, ALNUM + "+/", 64) + "\\n" + rnd(r, ALNUM + "+/", 64)
          + "\\n-----END RSA PRIVATE KEY-----";
    };
    return switch (kind) {
      case "json" -> "{\"config\":{\"credential\":\"" + secret + "\"}}";
      case "code" -> "const credential = \"" + secret + "\";";
      default -> "Use " + secret + " to log in.";
    };
  }

  static String github(Random r) {
    String random = rnd(r, ALNUM, 30);
    CRC32 crc = new CRC32();
    crc.update(random.getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    String b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    char[] sum = new char[6];
    for (int i = 5; i >= 0; i--) {
      sum[i] = b62.charAt((int) (v % 62));
      v /= 62;
    }
    return "ghp_" + random + new String(sum);
  }

  @SuppressWarnings("unused")
  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
