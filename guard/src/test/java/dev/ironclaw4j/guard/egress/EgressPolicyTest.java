package dev.ironclaw4j.guard.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL parser and the allow-list, one named test per bypass family. Pure: no DNS, nothing sent. */
class EgressPolicyTest {
  private static Decision check(String rule, String method, String url) {
    return EgressPolicy.parse(List.of(rule)).check(method, url);
  }

  private static void assertDenied(String reason, Decision d) {
    assertFalse(d.allowed(), () -> "expected deny: " + reason + ", got allow");
    assertEquals(reason, d.reason(), d::message);
  }

  private static void assertAllowed(Decision d) {
    assertTrue(d.allowed(), () -> "expected allow, got " + d.line() + " (" + d.message() + ")");
  }

  @Test
  void userinfoHostConfusionIsDenied() {
    String rule = "https://api.openai.com/";
    assertDenied("userinfo", check(rule, "GET", "https://api.openai.com@evil.com/v1"));
    assertDenied("userinfo", check(rule, "GET", "https://evil.com@api.openai.com/v1"));
    assertDenied("userinfo", check(rule, "GET", "https://user:pass@api.openai.com/v1"));
    assertDenied("userinfo", check(rule, "GET", "https://api.openai.com%40evil.com@api.openai.com/"));
    assertDenied("backslash", check(rule, "GET", "https://evil.com\\@api.openai.com/"));
  }

  @Test
  void suffixConfusionIsDenied() {
    String rule = "https://*.github.com/";
    assertAllowed(check(rule, "GET", "https://api.github.com/repos"));
    assertDenied("host-not-allowed", check(rule, "GET", "https://api.github.com.evil.com/"));
    assertDenied("host-not-allowed", check(rule, "GET", "https://evilgithub.com/"));
    assertDenied("host-not-allowed", check(rule, "GET", "https://github.com/"));
    assertDenied("host-not-allowed", check("https://api.github.com/", "GET", "https://xapi.github.com/"));
    assertDenied("host-not-allowed", check("https://api.github.com/", "GET", "https://api.github.co/"));
    assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("https://*.com/"));
    assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("https://api.*.com/"));
  }

  @Test
  void trailingDotIsDenied() {
    assertDenied("non-canonical-host", check("https://api.github.com/", "GET", "https://api.github.com./x"));
    assertDenied("non-canonical-host", check("https://api.github.com/", "GET", "https://api..github.com/x"));
    assertDenied("non-canonical-host", check("https://api.github.com/", "GET", "https://api.github.com%2e/x"));
  }

  @Test
  void hostCaseIsNormalized() {
    assertAllowed(check("https://api.github.com/", "GET", "HTTPS://API.GitHub.COM/x"));
    assertEquals("https://api.github.com:443/x", CanonicalUrl.parse("HTTPS://API.GitHub.COM/x").toString());
    assertAllowed(check("https://API.GITHUB.COM/", "get", "https://api.github.com/x"));
  }

  @Test
  void idnHomographIsDenied() {
    // Cyrillic 'а' (U+0430) in a Latin name: mixed script.
    assertDenied("idn-homograph", check("https://*.apple.com/", "GET", "https://www.\u0430pple.com/"));
    // The same label already in punycode.
    assertDenied("idn-homograph", check("https://*.apple.com/", "GET", "https://www.xn--pple-43d.com/"));
    // Whole-script Cyrillic imitation of "coco" ("сосо").
    assertDenied("idn-homograph", check("https://coco.com/", "GET", "https://\u0441\u043e\u0441\u043e.com/"));
    // "аррӏе": U+04CF is outside IDNA 2003, so it is refused before the script check.
    assertFalse(check("https://apple.com/", "GET", "https://\u0430\u0440\u0440\u04cf\u0435.com/").allowed());
    // A legitimate IDN is accepted and matched in its ASCII form.
    assertAllowed(check("https://xn--bcher-kva.example/", "GET", "https://b\u00fccher.example/"));
    assertEquals("xn--bcher-kva.example", CanonicalUrl.parse("https://B\u00dccher.example/").host());
  }

  @Test
  void fullwidthLookalikesOfSeparatorsAreDenied() {
    String rule = "https://api.github.com/";
    assertDenied("non-canonical-host", check(rule, "GET", "https://api.github.com\uff0fevil.com/"));
    assertDenied("non-canonical-host", check(rule, "GET", "https://api.github.com\uff20evil.com/"));
    assertDenied("non-canonical-host", check(rule, "GET", "https://api.github.com\u3002/"));
    assertAllowed(check(rule, "GET", "https://\uff41\uff50\uff49.github.com/x"));
  }

  @Test
  void backslashIsDenied() {
    assertDenied("backslash", check("https://api.github.com/", "GET", "https://api.github.com\\evil.com/"));
    assertDenied("backslash", check("https://api.github.com/", "GET", "https://api.github.com/a\\..\\..\\admin"));
    assertDenied("encoded-separator", check("https://api.github.com/", "GET", "https://api.github.com/a%5c..%5cadmin"));
    assertDenied("encoded-separator", check("https://api.github.com/repos/*", "GET", "https://api.github.com/repos%2f..%2fadmin"));
  }

  @Test
  void traversalOutOfPrefixIsDenied() {
    String rule = "https://api.github.com/repos/*";
    assertAllowed(check(rule, "GET", "https://api.github.com/repos/a/b"));
    assertDenied("path-not-allowed", check(rule, "GET", "https://api.github.com/repos/../admin"));
    assertDenied("path-not-allowed", check(rule, "GET", "https://api.github.com/repos/%2e%2e/admin"));
    assertDenied("path-not-allowed", check(rule, "GET", "https://api.github.com/repos/%2E./admin"));
    assertDenied("path-traversal", check(rule, "GET", "https://api.github.com/repos/..;/admin"));
    assertDenied("path-traversal", check(rule, "GET", "https://api.github.com/repos/../../../etc/passwd"));
    assertAllowed(check(rule, "GET", "https://api.github.com/x/../repos/a"));
    // Segment boundaries.
    assertAllowed(check("https://api.example.com/v1", "GET", "https://api.example.com/v1"));
    assertAllowed(check("https://api.example.com/v1", "GET", "https://api.example.com/v1/x"));
    assertDenied("path-not-allowed", check("https://api.example.com/v1", "GET", "https://api.example.com/v1evil"));
    assertDenied("path-not-allowed", check("https://api.example.com/repos/*", "GET", "https://api.example.com/repos"));
    assertAllowed(check("https://api.telegram.org/bot*", "POST", "https://api.telegram.org/bot123:abc/sendMessage"));
  }

  @Test
  void doubleEncodingIsDenied() {
    String rule = "https://api.github.com/repos/*";
    assertDenied("double-encoding", check(rule, "GET", "https://api.github.com/repos/%252e%252e/admin"));
    assertDenied("double-encoding", check(rule, "GET", "https://api.github.com/repos/%252f"));
    assertDenied("control-character", check(rule, "GET", "https://api.github.com/repos/%00"));
    assertDenied("malformed-url", check(rule, "GET", "https://api.github.com/repos/%zz"));
    assertEquals("/repos/A%20b", CanonicalUrl.parse("https://h.example/repos/%41%20b").path());
  }

  @Test
  void methodMismatchIsDenied() {
    String rule = "https://api.github.com/repos/* GET,POST";
    assertAllowed(check(rule, "GET", "https://api.github.com/repos/x"));
    assertAllowed(check(rule, "post", "https://api.github.com/repos/x"));
    assertDenied("method-not-allowed", check(rule, "DELETE", "https://api.github.com/repos/x"));
    assertDenied("method-not-allowed", check(rule, "TRACE", "https://api.github.com/repos/x"));
    assertDenied("method-not-allowed", check(rule, "GET\r\nX", "https://api.github.com/repos/x"));
  }

  @Test
  void schemeDowngradeIsDenied() {
    assertDenied("scheme-not-allowed", check("https://api.github.com/", "GET", "http://api.github.com:443/"));
    assertDenied("scheme-not-allowed", check("https://api.github.com/", "GET", "ftp://api.github.com/"));
    assertDenied("scheme-not-allowed", check("https://api.github.com/", "GET", "file:///etc/passwd"));
    assertDenied("scheme-not-allowed", check("https://api.github.com/", "GET", "gopher://api.github.com/"));
    assertDenied("scheme-not-allowed", check("https://api.github.com/", "GET", "http://api.github.com/"));
  }

  @Test
  void portMismatchIsDenied() {
    assertAllowed(check("https://api.github.com/", "GET", "https://api.github.com:443/"));
    assertDenied("port-not-allowed", check("https://api.github.com/", "GET", "https://api.github.com:8443/"));
    assertDenied("port-not-allowed", check("http://localhost:11434/ allow-private", "GET", "http://localhost:11435/"));
    assertDenied("malformed-url", check("https://api.github.com/", "GET", "https://api.github.com:0/"));
    assertDenied("malformed-url", check("https://api.github.com/", "GET", "https://api.github.com:65536/"));
    assertDenied("malformed-url", check("https://api.github.com/", "GET", "https://api.github.com:+443/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.github.com/a b", "https://api.github.com/\t", "https://api.github.com/\n",
      "https://api.github.com/\u00a0", "https://api.github.com/\u2028", " https://api.github.com/"})
  void controlAndWhitespaceAreDenied(String url) {
    assertDenied("control-character", check("https://api.github.com/", "GET", url));
  }

  @ParameterizedTest
  @CsvSource({
    "http://2130706433/, non-canonical-host",
    "http://0177.0.0.1/, non-canonical-host",
    "http://0x7f.1/, non-canonical-host",
    "http://0x7f000001/, non-canonical-host",
    "http://127.1/, non-canonical-host",
    "http://127.0.1/, non-canonical-host",
    "http://127.000.000.001/, non-canonical-host",
    "http://127.0.0.1/, internal-address",
    "http://169.254.169.254/latest/meta-data/, internal-address",
    "http://[::1]/, internal-address",
    "http://[::ffff:127.0.0.1]/, internal-address",
    "http://[::ffff:7f00:1]/, internal-address",
    "http://[fd00:ec2::254]/, internal-address",
    "http://[::127.0.0.1]/, internal-address",
    "http://[fe80::1%25eth0]/, non-canonical-host",
    "http://metadata.google.internal/computeMetadata/v1/, internal-address",
    "http://localhost/, internal-address",
    "http://foo.localhost/, internal-address",
  })
  void literalInternalHostsAreDeniedWithoutDns(String url, String reason) {
    EgressPolicy allowThatHost;
    try {
      allowThatHost = EgressPolicy.parse(List.of(url));
    } catch (IllegalArgumentException e) {
      allowThatHost = EgressPolicy.denyAll(); // the form cannot even be written as a rule
    }
    assertDenied(reason, allowThatHost.check("GET", url));
  }

  @Test
  void allowPrivateRuleAllowsExactlyThatHostAndPort() {
    assertAllowed(check("http://127.0.0.1:11434/ allow-private", "POST", "http://127.0.0.1:11434/api/chat"));
    assertDenied("internal-address", check("http://127.0.0.1:11434/", "POST", "http://127.0.0.1:11434/api/chat"));
    assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("http://*.example.com/ allow-private"));
  }

  @Test
  void defaultIsDeny() {
    assertDenied("host-not-allowed", EgressPolicy.denyAll().check("GET", "https://example.com/"));
  }

  @Test
  void ruleTextRoundTrips() {
    EgressRule r = EgressRule.parse("https://api.github.com/repos/* GET,POST");
    assertEquals("https://api.github.com:443/repos/* GET,POST", r.text());
    assertEquals(r, EgressRule.parse(r.text()));
    assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("https://api.github.com/ FETCH"));
    assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("api.github.com/"));
    assertThrows(IllegalArgumentException.class, () -> EgressRule.parse("https://api.github.com/?q=1"));
  }

  @Test
  void fragmentIsDroppedAndQueryKept() {
    CanonicalUrl u = CanonicalUrl.parse("https://api.example.com/a?x=1&y=%20#frag");
    assertEquals("https://api.example.com:443/a?x=1&y=%20", u.toString());
  }
}
