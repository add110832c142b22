package dev.ironclaw4j.guard.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Text that looks random or key-like but is not a credential must not alarm. */
class HardNegativeTest {
  private static final LeakDetector DETECTOR = new LeakDetector();

  @ParameterizedTest
  @ValueSource(strings = {
      "AKIAIOSFODNN7EXAMPLE",
      "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "commit 3f786850e387550fdab836ed7e6dc881de23001b",
      "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "id = 123e4567-e89b-12d3-a456-426614174000",
      "\"integrity\": \"sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==\"",
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host",
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA2Ynh1sp1qpNRsbR9mH0FzF7QWbXkB7C5jM3pZ6wqL0s user@host",
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQINBGK3f1UBEAC7vbqajDhA2Ynh1sp1qpNRsbR9mH0FzF7QWbXkB7C5jM3pZ6wqL0s\n-----END PGP PUBLIC KEY BLOCK-----",
      "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----",
      "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----",
      "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "ghp_abcdefghijklmnopqrstuvwxyzABCD012345",
      "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
      "token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
      "password = os.environ['DB_PASSWORD']",
      "password = request.getParameter(\"password\");",
      "String password = config.password;",
      "password: ${DB_PASSWORD}",
      "api_key = \"YOUR_API_KEY_HERE\"",
      "postgres://user:password@localhost/db",
      "https://user:<password>@example.com",
      "The task force asked SKILLED workers to disk the field.",
      "Visit https://github.com/ironclaw4j/ironclaw4j and read the README.",
      "private static final String TOKEN_HEADER = \"X-Auth-Token\";",
      "  const password = options.password ?? process.env.DB_PASSWORD;",
      "        const password = result.groups?.password;",
      "    \"@secretlint/secretlint-rule-1password\": \"13.0.7\",",
      "  t.equal(fastURI.serialize(components), 'uri://foo:bar@example.com:1/path?query#fragment')",
      "  const token = request.headers.get(\"x-auth-token\");",
      "if (!token || token.length < 27) { throw new Error(`failed for ${request.url}`); }",
  })
  void doesNotAlarm(String text) {
    assertEquals(List.of(), DETECTOR.scan(text), text);
  }

  @Test
  void uuidsShasAndHashesInBulkDoNotAlarm() {
    Random r = new Random(3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      sb.append(new UUID(r.nextLong(), r.nextLong())).append(' ');
      sb.append(hex(r, 40)).append('\n');
      sb.append("sha256=").append(hex(r, 64)).append('\n');
    }
    assertEquals(List.of(), DETECTOR.scan(sb));
  }

  @Test
  void base64ImageDoesNotAlarm() {
    Random r = new Random(5);
    byte[] png = new byte[30_000];
    r.nextBytes(png);
    png[0] = (byte) 0x89;
    png[1] = 'P';
    png[2] = 'N';
    png[3] = 'G';
    String html = "<img src=\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png) + "\">";
    assertEquals(List.of(), DETECTOR.scan(html));
  }

  private static String hex(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("0123456789abcdef".charAt(r.nextInt(16)));
    }
    return sb.toString();
  }
}
