package dev.ironclaw4j.guard.leak;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;

/** Validators for matches: checksums, entropy, and filters for placeholders and documentation keys. */
final class Checks {
  private Checks() {}

  static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /**
   * GitHub classic and npm tokens: {@code prefix_} + 30 random characters + 6 characters that are the
   * CRC32 of the random part in base62, left-padded with '0'.
   */
  static boolean base62Crc32(String token) {
    int us = token.indexOf('_');
    String body = token.substring(us + 1);
    if (body.length() != 36) {
      return false;
    }
    return base62Crc32Of(body.substring(0, 30)).equals(body.substring(30));
  }

  /** The six-character base62 CRC32 checksum of {@code random}. */
  static String base62Crc32Of(String random) {
    CRC32 crc = new CRC32();
    crc.update(random.getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    char[] out = new char[6];
    for (int i = 5; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (v % 62));
      v /= 62;
    }
    return new String(out);
  }

  /** Shannon entropy in bits per character. */
  static double entropy(CharSequence s) {
    if (s.length() == 0) {
      return 0;
    }
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    double n = s.length();
    for (int c : counts) {
      if (c > 0) {
        double p = c / n;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    if (other > 0) {
      double p = other / n;
      h -= p * Math.log(p) / Math.log(2);
    }
    return h;
  }

  /** Documentation keys, placeholders and obviously fake values that must not alarm. */
  static boolean looksFake(String v) {
    String l = v.toLowerCase(Locale.ROOT);
    if (l.contains("example") || l.contains("xxxxxxxx") || l.contains("your_") || l.contains("your-")
        || l.contains("yourkey") || l.contains("placeholder") || l.contains("changeme") || l.contains("dummy")
        || l.contains("redacted") || l.contains("********") || l.contains("<") || l.contains("${")
        || l.contains("{{") || l.contains("%s") || l.startsWith("$") || l.contains("abcdefghij")
        || l.contains("1234567890") || l.contains("0123456789")) {
      return true;
    }
    // Long runs of one character: 00000000, aaaaaaaa.
    int run = 1;
    for (int i = 1; i < v.length(); i++) {
      run = v.charAt(i) == v.charAt(i - 1) ? run + 1 : 1;
      if (run >= 8) {
        return true;
      }
    }
    return DOC_KEYS.contains(v);
  }

  private static final java.util.Set<String> DOC_KEYS =
      java.util.Set.of(
          "AKIAIOSFODNN7EXAMPLE",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
          "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
          "pk_test_TYooMQauvdEDq54NiTphI7jx",
          "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
          "xoxb-not-a-real-token-this-will-not-work");

  static boolean real(String v) {
    return !looksFake(v);
  }

  /** A JWT whose header decodes to JSON with an {@code alg}. */
  static boolean jwt(String v) {
    if (looksFake(v)) {
      return false;
    }
    int dot = v.indexOf('.');
    try {
      String header = new String(Base64.getUrlDecoder().decode(stripPad(v.substring(0, dot))), StandardCharsets.UTF_8);
      return header.startsWith("{") && header.contains("\"alg\"");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A basic-auth credential: base64 of {@code user:password}, printable. */
  static boolean basicAuth(String v) {
    try {
      byte[] b = Base64.getDecoder().decode(v);
      boolean colon = false;
      for (byte x : b) {
        if (x < 0x20 || x == 0x7f) {
          return false;
        }
        colon |= x == ':';
      }
      return colon && !looksFake(new String(b, StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A random-looking value: long enough, mixed character classes, high entropy. */
  static boolean highEntropy(String v) {
    if (v.length() < 16 || looksFake(v)) {
      return false;
    }
    int classes = 0;
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
      digit |= c >= '0' && c <= '9';
    }
    classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
    if (classes < 2 || !digit && classes < 3) {
      return false;
    }
    if (isHex(v) && (v.length() == 40 || v.length() == 64 || v.length() == 32)) {
      return false; // commit ids and digests are not keys without stronger context
    }
    return entropy(v) >= 3.5;
  }

  /** A password-like assigned value: not a placeholder, not a code identifier or call. */
  static boolean password(String v) {
    if (v.length() < 6 || looksFake(v)) {
      return false;
    }
    String l = v.toLowerCase(Locale.ROOT);
    if (l.equals("password") || l.equals("passwd") || l.equals("secret") || l.equals("true") || l.equals("false")
        || l.equals("null") || l.equals("none") || l.equals("undefined") || l.startsWith("process.env")
        || l.startsWith("os.environ") || l.startsWith("env.") || l.startsWith("getenv") || l.startsWith("system.getenv")
        || l.startsWith("this.") || l.startsWith("self.") || l.startsWith("config.") || l.startsWith("settings.")
        || l.startsWith("params.") || l.startsWith("args.") || l.startsWith("request.") || l.startsWith("req.")) {
      return false;
    }
    if (MEMBER_ACCESS.matcher(v).matches()) {
      return false; // options.password, result.groups?.password: code, not a value
    }
    if (VERSION.matcher(v).matches()) {
      return false; // "secretlint-rule-1password": "13.0.7" in a manifest
    }
    // A plain identifier without digits is code, not a value.
    boolean digit = false;
    boolean symbol = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      digit |= c >= '0' && c <= '9';
      symbol |= !(Character.isLetterOrDigit(c) || c == '_' || c == '.');
    }
    return digit || symbol || entropy(v) >= 3.0 && v.length() >= 12;
  }

  /** A password in a URL's userinfo that is not a placeholder word. */
  static boolean urlPassword(String v) {
    String l = v.toLowerCase(Locale.ROOT);
    return !looksFake(v) && !java.util.Set.of("password", "pass", "passwd", "pwd", "secret", "pw", "user", "token", "bar", "foo", "baz",
        "test", "pass123", "password123", "hunter2", "s3cret", "p@ssw0rd", "passw0rd", "xxx", "***", "admin", "root", "guest").contains(l);
  }

  private static final java.util.regex.Pattern MEMBER_ACCESS =
      java.util.regex.Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,64}(?:[?!]?\\.[A-Za-z_$][A-Za-z0-9_$]{0,64}){1,8}");
  private static final java.util.regex.Pattern VERSION =
      java.util.regex.Pattern.compile("[~^=v]{0,2}\\d{1,6}(?:\\.\\d{1,6}){1,3}(?:-[A-Za-z0-9.]{1,20})?");

  static boolean isHex(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  private static String stripPad(String s) {
    int e = s.length();
    while (e > 0 && s.charAt(e - 1) == '=') {
      e--;
    }
    return s.substring(0, e);
  }
}
