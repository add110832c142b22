package dev.ironclaw4j.guard.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Credentials hidden by URL-encoding, JSON escapes or base64 are found, with spans in the original text. */
class DecodedViewTest {
  private static final LeakDetector DETECTOR = new LeakDetector();
  private static final FakeCredentials GEN = new FakeCredentials(21);

  private static Finding only(String text, String type) {
    List<Finding> f = DETECTOR.scan(text);
    assertEquals(1, f.size(), text + " -> " + f);
    assertEquals(type, f.getFirst().type());
    return f.getFirst();
  }

  @Test
  void urlEncodedTokenIsFoundWithOriginalSpan() {
    String tok = GEN.checksummed("ghp_");
    String enc = tok.replace("_", "%5F");
    String text = "GET /cb?t=" + enc + "&x=1";
    Finding f = only(text, "github_pat");
    assertEquals(text.indexOf(enc), f.start());
    assertEquals(text.indexOf(enc) + enc.length(), f.end());
  }

  @Test
  void jsonUnicodeEscapedTokenIsFound() {
    String tok = GEN.checksummed("ghp_");
    String enc = tok.replace("_", "\\u005f");
    String text = "{\"note\":\"" + enc + "\"}";
    Finding f = only(text, "github_pat");
    assertEquals(text.indexOf(enc), f.start());
    assertEquals(text.indexOf(enc) + enc.length(), f.end());
  }

  @Test
  void jsonEscapedSlashesInUrlWithPasswordAreFound() {
    String pw = GEN.r(FakeCredentials.ALNUM, 16);
    String text = "{\"dsn\":\"postgres:\\/\\/app:" + pw + "@db:5432\\/app\"}";
    Finding f = only(text, "postgres_url_password");
    assertEquals(pw, text.substring(f.start(), f.end()));
  }

  @Test
  void tokenAfterJsonNewlineEscapeIsFound() {
    String tok = GEN.checksummed("ghp_");
    String text = "{\"log\":\"line one\\n" + tok + "\\nline three\"}";
    Finding f = only(text, "github_pat");
    assertEquals(tok, text.substring(f.start(), f.end()));
  }

  @Test
  void passwordAssignmentInsideJsonStringIsFound() {
    String text = "{\"cmd\":\"mysql --password=\\\"" + GEN.r(FakeCredentials.ALNUM, 12) + "9!\\\"\"}";
    only(text, "password_assignment");
  }

  @Test
  void base64EncodedConfigIsDecodedAndSpanCoversTheEncodedSecret() {
    String tok = GEN.checksummed("ghp_");
    String cfg = "[github]\ntoken = " + tok + "\n";
    String b64 = Base64.getEncoder().encodeToString(cfg.getBytes(StandardCharsets.US_ASCII));
    String text = "data: " + b64 + "\n";
    Finding f = only(text, "github_pat");
    int off = text.indexOf(b64);
    byte[] decoded = Base64.getDecoder().decode(text.substring(f.start() - (f.start() - off) % 4, f.end() + (4 - (f.end() - off) % 4) % 4));
    assertTrue(new String(decoded, StandardCharsets.US_ASCII).contains(tok), "span decodes to the token");
  }
}
