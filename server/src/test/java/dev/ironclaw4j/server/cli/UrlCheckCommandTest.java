package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact {@code url-check} contract of ARCHITECTURE.md, run in-process. */
class UrlCheckCommandTest {
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void allowedUrlPrintsAllowAndExitsZero() {
    Run r = run("url-check", "--allow", "https://api.telegram.org/bot*", "--method", "POST",
        "https://api.telegram.org/bot123:abc/sendMessage");
    assertEquals(new Run(0, "allow\n", ""), r);
  }

  @Test
  void methodListIsHonoured() {
    assertEquals(new Run(0, "allow\n", ""),
        run("url-check", "--allow", "https://api.github.com/repos/* GET,POST", "--method", "POST", "https://api.github.com/repos/a/b"));
    assertEquals(new Run(1, "deny: method-not-allowed\n", ""),
        run("url-check", "--allow", "https://api.github.com/repos/* GET,POST", "--method", "DELETE", "https://api.github.com/repos/a/b"));
  }

  @Test
  void deniedUrlPrintsReasonAndExitsOne() {
    String rule = "https://*.github.com/";
    assertEquals(new Run(1, "deny: host-not-allowed\n", ""), run("url-check", "--allow", rule, "--method", "GET", "https://github.com/"));
    assertEquals(new Run(1, "deny: userinfo\n", ""), run("url-check", "--allow", rule, "--method", "GET", "https://api.github.com@evil.com/"));
    assertEquals(new Run(1, "deny: non-canonical-host\n", ""), run("url-check", "--allow", rule, "--method", "GET", "http://2130706433/"));
    assertEquals(new Run(1, "deny: path-not-allowed\n", ""),
        run("url-check", "--allow", "https://api.github.com/repos/*", "--method", "GET", "https://api.github.com/repos/%2e%2e/admin"));
    assertEquals(new Run(1, "deny: internal-address\n", ""),
        run("url-check", "--allow", "http://169.254.169.254/", "--method", "GET", "http://169.254.169.254/latest/meta-data/"));
  }

  @Test
  void severalRulesAndAllowPrivate() {
    assertEquals(new Run(0, "allow\n", ""), run("url-check", "--allow", "https://api.github.com/", "--allow",
        "http://127.0.0.1:11434/ allow-private", "--method", "POST", "http://127.0.0.1:11434/api/chat"));
  }

  @Test
  void noRuleDeniesEverything() {
    assertEquals(new Run(1, "deny: host-not-allowed\n", ""), run("url-check", "--method", "GET", "https://example.com/"));
  }

  @Test
  void malformedRuleIsBadUsage() {
    Run r = run("url-check", "--allow", "api.github.com/*", "--method", "GET", "https://api.github.com/");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("ironclaw4j url-check: bad --allow rule:"), r.err());
    assertEquals(2, run("url-check", "--allow", "https://x.example/ FETCH", "https://x.example/").code());
    assertEquals(2, run("url-check", "--allow", "https://x.example/").code());
  }

  @Test
  void explainSaysWhyOnStderr() {
    Run r = run("url-check", "--explain", "--allow", "https://api.github.com/", "https://api.github.com:8443/");
    assertEquals("deny: port-not-allowed\n", r.out());
    assertTrue(r.err().contains("8443"), r.err());
  }

  @Test
  void resolveClassifiesAddressesWithoutSending() {
    assertEquals(new Run(0, "allow\n", ""), run("url-check", "--resolve", "--allow", "http://8.8.8.8/", "http://8.8.8.8/"));
    assertEquals(new Run(1, "deny: dns-failed\n", ""),
        run("url-check", "--resolve", "--allow", "https://nonexistent.invalid/", "https://nonexistent.invalid/"));
  }
}
