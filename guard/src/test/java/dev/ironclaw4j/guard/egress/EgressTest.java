package dev.ironclaw4j.guard.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The egress client against real loopback servers; every name resolves through a scripted resolver. */
class EgressTest {
  static final String TOKEN = "ghp_TESTSECRETVALUE0123456789abcdef";

  private final List<EgressAuditEvent> events = new CopyOnWriteArrayList<>();
  private final FakeResolver resolver = new FakeResolver();
  private final TestSecrets secrets = new TestSecrets();
  private LoopbackServer bound;
  private LoopbackServer attacker;
  private Egress egress;

  @BeforeEach
  void start() throws Exception {
    bound = new LoopbackServer();
    attacker = new LoopbackServer();
    resolver.answer("bound.test", "127.0.0.1").answer("attacker.test", "127.0.0.1");
    secrets.add("GITHUB_TOKEN", TOKEN, "http://bound.test:" + bound.port() + "/api/*", "bearer");
  }

  @AfterEach
  void stop() {
    if (egress != null) {
      egress.close();
    }
    bound.close();
    attacker.close();
    for (EgressAuditEvent e : events) {
      assertFalse(e.toString().contains(TOKEN), "audit must never carry a secret value: " + e);
    }
  }

  private String boundUrl(String path) {
    return "http://bound.test:" + bound.port() + path;
  }

  private String attackerUrl(String path) {
    return "http://attacker.test:" + attacker.port() + path;
  }

  private Egress egress(String... rules) {
    return egress(b -> {}, rules);
  }

  /** The test's egress: these defaults, then the test's own settings on top. */
  private Egress egress(Consumer<Egress.Builder> settings, String... rules) {
    Egress.Builder b = Egress.builder()
        .policy(EgressPolicy.parse(List.of(rules)))
        .secrets(secrets)
        .leakScanner(new TestLeakScanner(Map.of("GITHUB_TOKEN", TOKEN)))
        .resolver(resolver)
        .audit(events::add)
        .connectTimeout(Duration.ofSeconds(1))
        .totalTimeout(Duration.ofSeconds(5));
    settings.accept(b);
    egress = b.build();
    return egress;
  }

  private String boundRule() {
    return "http://bound.test:" + bound.port() + "/ allow-private";
  }

  private String attackerRule() {
    return "http://attacker.test:" + attacker.port() + "/ allow-private";
  }

  private static EgressDeniedException denied(String reason, Runnable r) {
    EgressDeniedException e = assertThrows(EgressDeniedException.class, r::run);
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  @Test
  void placeholderIsInjectedForTheBoundHost() {
    egress(boundRule());
    EgressResponse r = egress.send(EgressRequest.builder("tool", "GET", boundUrl("/api/user"))
        .header("Authorization", "Bearer {{secret:GITHUB_TOKEN}}").build());
    assertEquals(200, r.status());
    assertEquals("Bearer " + TOKEN, bound.received().getFirst().headers().get("Authorization"));
    assertEquals(List.of("GITHUB_TOKEN"), secrets.used);
    EgressAuditEvent e = events.getLast();
    assertEquals("allowed", e.outcome());
    assertEquals(List.of("GITHUB_TOKEN"), e.secrets());
    assertEquals(200, e.status());
    assertEquals("bound.test", e.host());
  }

  @Test
  void bindingDrivenInjectionNeedsNoPlaceholder() {
    secrets.add("WEATHER_KEY", "wk-123456", "http://bound.test:" + bound.port() + "/weather GET", "query:api_key");
    egress(boundRule());
    egress.send(EgressRequest.builder("tool", "GET", boundUrl("/api/x")).attachSecret("GITHUB_TOKEN").build());
    assertEquals("Bearer " + TOKEN, bound.received().getLast().headers().get("Authorization"));
    egress.send(EgressRequest.builder("tool", "GET", boundUrl("/weather?city=Oslo")).attachSecret("WEATHER_KEY").build());
    assertEquals("/weather?city=Oslo&api_key=wk-123456", bound.received().getLast().pathAndQuery());
    egress.send(EgressRequest.builder("tool", "GET", boundUrl("/weather?api_key={{secret:WEATHER_KEY}}")).build());
    assertEquals("/weather?api_key=wk-123456", bound.received().getLast().pathAndQuery());
    denied("secret-not-bound", () -> egress.send(
        EgressRequest.builder("tool", "POST", boundUrl("/weather")).attachSecret("WEATHER_KEY").build()));
  }

  @Test
  void unknownSecretPlaceholderIsRefusedByName() {
    egress(boundRule());
    EgressDeniedException e = denied("unknown-secret", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/api/x"))
        .header("Authorization", "Bearer {{secret:NO_SUCH_TOKEN}}").build()));
    assertTrue(e.getMessage().contains("NO_SUCH_TOKEN"), e.getMessage());
    assertEquals(0, bound.connections());
    assertEquals("denied", events.getLast().outcome());
    assertEquals("unknown-secret", events.getLast().reason());
  }

  @Test
  void placeholderOutsideItsBindingIsRefusedByName() {
    egress(boundRule());
    EgressDeniedException e = denied("secret-not-bound", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/other"))
        .header("Authorization", "Bearer {{secret:GITHUB_TOKEN}}").build()));
    assertTrue(e.getMessage().contains("GITHUB_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN));
    denied("secret-not-bound", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/api/x"))
        .header("X-Token", "{{secret:GITHUB_TOKEN}}").build()));
    denied("secret-location-not-allowed", () -> egress.send(EgressRequest.builder("tool", "POST", boundUrl("/api/x"))
        .body("{\"token\": \"{{secret:GITHUB_TOKEN}}\"}").build()));
    denied("secret-location-not-allowed", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/api/{{secret:GITHUB_TOKEN}}")).build()));
    assertEquals(0, bound.connections());
  }

  @Test
  void dnsRebindingCannotSwitchAddress() {
    // First answer: a public address (nothing listens there from this sandbox); every later answer:
    // loopback, where the attacker listens on the very port the URL names.
    resolver.answer("rebind.example", "192.88.98.1", "127.0.0.1");
    egress(b -> b.connectTimeout(Duration.ofMillis(300)), "http://rebind.example:" + attacker.port() + "/");
    EgressDeniedException e = assertThrows(EgressDeniedException.class, () -> egress.send(
        EgressRequest.builder("tool", "GET", "http://rebind.example:" + attacker.port() + "/").build()));
    assertTrue(List.of("exchange-failed", "timeout").contains(e.reason()), e.reason() + ": " + e.getMessage());
    assertEquals(1, resolver.lookups("rebind.example"), "the connection must use the checked answer, not look again");
    assertEquals(0, attacker.connections());
    // The next request looks up again, sees loopback, and is refused before connecting.
    denied("internal-address", () -> egress.send(
        EgressRequest.builder("tool", "GET", "http://rebind.example:" + attacker.port() + "/").build()));
    assertEquals(0, attacker.connections());
  }

  @Test
  void ipv6LiteralIsPinnedAndReachedOnlyWithAllowPrivate() throws Exception {
    try (LoopbackServer v6 = new LoopbackServer(null, "::1")) {
      String url = "http://[::1]:" + v6.port() + "/x";
      egress("http://[::1]:" + v6.port() + "/ allow-private");
      assertEquals(200, egress.send(EgressRequest.builder("tool", "GET", url).build()).status());
      egress.close();
      egress("http://[0:0:0:0:0:0:0:1]:" + v6.port() + "/");
      denied("internal-address", () -> egress.send(EgressRequest.builder("tool", "GET", url).build()));
      assertEquals(1, v6.received().size());
    }
  }

  @Test
  void anyInternalAddressInTheAnswerIsRefused() {
    resolver.answer("mixed.example", "192.88.98.1, 10.0.0.7");
    egress("http://mixed.example/");
    denied("internal-address", () -> egress.send(EgressRequest.builder("tool", "GET", "http://mixed.example/").build()));
  }

  /**
   * Each form either as a URL (the numeric and literal spellings; PORT is the attacker's port) or as
   * the address a name resolves to. The policy allows exactly that host and port (without
   * allow-private), and the attacker listens on 127.0.0.1 at that port: nothing may reach it.
   */
  @ParameterizedTest
  @ValueSource(strings = {
    // URL spellings of internal hosts: refused before any DNS.
    "http://2130706433:PORT/", "http://0177.0.0.1:PORT/", "http://0x7f.1:PORT/", "http://0x7f000001:PORT/",
    "http://127.1:PORT/", "http://127.0.1:PORT/", "http://0177.1:PORT/", "http://127.0.0.1:PORT/", "http://[::1]:PORT/",
    "http://[::ffff:127.0.0.1]:PORT/", "http://[::ffff:7f00:1]:PORT/", "http://[::127.0.0.1]:PORT/",
    "http://[64:ff9b::7f00:1]:PORT/", "http://[2002:7f00:1::1]:PORT/", "http://169.254.169.254:PORT/",
    "http://localhost:PORT/", "http://metadata.google.internal:PORT/", "http://instance-data:PORT/",
    // Addresses a public-looking name resolves to.
    "127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.1", "198.51.100.1",
    "203.0.113.1", "198.18.0.1", "240.0.0.1", "::", "::1", "fc00::1", "fd00:ec2::254", "fe80::1", "ff02::1",
    "2001:db8::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::8.8.8.8", "2002:7f00:1::1",
    "2002:a9fe:a9fe::1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2001:0:4136:e378:8000:63bf:80ff:fffe",
    "fec0::1"
  })
  void everyInternalAddressFormIsDenied(String form) {
    String url;
    String rule;
    if (form.startsWith("http://")) {
      url = form.replace("PORT", String.valueOf(attacker.port()));
      rule = url;
    } else {
      resolver.answer("victim.example", form);
      url = "http://victim.example:" + attacker.port() + "/";
      rule = url;
    }
    List<String> rules;
    try {
      rules = List.of(EgressRule.parse(rule).text());
    } catch (IllegalArgumentException e) {
      rules = List.of(); // a spelling that cannot even be a rule
    }
    egress(rules.toArray(String[]::new));
    EgressDeniedException e = assertThrows(EgressDeniedException.class,
        () -> egress.send(EgressRequest.builder("tool", "GET", url).build()));
    assertTrue(List.of("internal-address", "non-canonical-host").contains(e.reason()), e.reason() + ": " + e.getMessage());
    assertEquals(0, attacker.connections());
  }

  @Test
  void publicEmbeddingsAreNotInternal() {
    for (String a : List.of("8.8.8.8", "2606:4700:4700::1111", "2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.8.8")) {
      assertTrue(AddressClassifier.internalKind(FakeResolver.literal(a)).isEmpty(), a);
    }
  }

  @Test
  void redirectToInternalAddressIsDenied() {
    resolver.answer("inside.example", "127.0.0.1");
    bound.replying(r -> switch (r.pathAndQuery()) {
      case "/meta" -> LoopbackServer.Reply.redirect(302, "http://169.254.169.254/latest/meta-data/");
      case "/inside" -> LoopbackServer.Reply.redirect(307, "http://inside.example:" + attacker.port() + "/x");
      case "/decimal" -> LoopbackServer.Reply.redirect(302, "http://2130706433:" + attacker.port() + "/");
      case "/placeholder" -> LoopbackServer.Reply.redirect(302, "http://inside.example:" + attacker.port() + "/?k={{secret:GITHUB_TOKEN}}");
      default -> LoopbackServer.Reply.redirect(301, "http://elsewhere.example/");
    });
    egress(boundRule(), "http://169.254.169.254/", "http://inside.example:" + attacker.port() + "/");
    EgressDeniedException e = denied("redirect-denied", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/meta")).build()));
    assertEquals("internal-address", assertInstanceOf(EgressDeniedException.class, e.getCause()).reason());
    e = denied("redirect-denied", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/inside")).build()));
    assertEquals("internal-address", ((EgressDeniedException) e.getCause()).reason());
    e = denied("redirect-denied", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/decimal")).build()));
    assertEquals("non-canonical-host", ((EgressDeniedException) e.getCause()).reason());
    e = denied("redirect-denied", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/placeholder")).build()));
    assertEquals("bad-placeholder", ((EgressDeniedException) e.getCause()).reason());
    e = denied("redirect-denied", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/other")).build()));
    assertEquals("host-not-allowed", ((EgressDeniedException) e.getCause()).reason());
    assertEquals(0, attacker.connections());
  }

  @Test
  void redirectOfCredentialedCallIsNotFollowed() {
    bound.replying(r -> LoopbackServer.Reply.redirect(302, attackerUrl("/steal")));
    egress(boundRule(), attackerRule());
    EgressResponse r = egress.send(EgressRequest.builder("tool", "GET", boundUrl("/api/x"))
        .header("Authorization", "Bearer {{secret:GITHUB_TOKEN}}").build());
    assertEquals(302, r.status());
    assertEquals(0, r.redirects());
    r = egress.send(EgressRequest.builder("tool", "GET", boundUrl("/api/x")).attachSecret("GITHUB_TOKEN").build());
    assertEquals(302, r.status());
    assertEquals(0, attacker.connections());
  }

  @Test
  void uncredentialedRedirectIsFollowedWithoutCredentialsOrCookies() {
    bound.replying(r -> LoopbackServer.Reply.redirect(303, attackerUrl("/next")));
    egress(boundRule(), attackerRule());
    EgressResponse r = egress.send(EgressRequest.builder("tool", "POST", boundUrl("/form"))
        .header("Authorization", "Bearer caller-wrote-this").header("Cookie", "sid=1").header("X-Trace", "t1")
        .header("Content-Type", "text/plain").body("hello").build());
    assertEquals(200, r.status());
    assertEquals(1, r.redirects());
    assertEquals(attackerUrl("/next").replace("attacker.test:", "attacker.test:"), "http://" + r.finalUrl().hostPort() + r.finalUrl().path());
    LoopbackServer.Received got = attacker.received().getFirst();
    assertEquals("GET", got.method());
    assertNull(got.headers().get("Authorization"));
    assertNull(got.headers().get("Cookie"));
    assertEquals("t1", got.headers().get("X-Trace"));
    assertEquals("", got.body());
  }

  @Test
  void redirectLoopStopsAfterFiveHops() {
    bound.replying(r -> LoopbackServer.Reply.redirect(302, boundUrl("/loop")));
    egress(boundRule());
    EgressDeniedException e = denied("redirect-denied", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/loop")).build()));
    assertEquals("too-many-redirects", ((EgressDeniedException) e.getCause()).reason());
    assertEquals(Egress.MAX_REDIRECTS + 1, bound.received().size());
  }

  @Test
  void echoedSecretIsRedacted() {
    bound.replying(r -> new LoopbackServer.Reply(200, Map.of("X-Echo", r.headers().get("Authorization")),
        "you sent " + r.headers().get("Authorization")));
    egress(boundRule());
    EgressResponse r = egress.send(EgressRequest.builder("tool", "GET", boundUrl("/api/echo"))
        .header("Authorization", "Bearer {{secret:GITHUB_TOKEN}}").build());
    assertTrue(r.redacted());
    assertEquals("you sent Bearer [REDACTED:GITHUB_TOKEN]", r.bodyText());
    assertEquals("Bearer [REDACTED:GITHUB_TOKEN]", r.header("X-Echo").orElseThrow());
  }

  @Test
  void credentialPatternInRequestIsRefused() {
    egress(boundRule());
    denied("leak-in-request", () -> egress.send(EgressRequest.builder("tool", "POST", boundUrl("/api/x"))
        .body("key=AKIAABCDEFGHIJKLMNOP").build()));
    assertEquals(0, bound.connections());
  }

  @Test
  void responseAtTheCapPassesAndOneByteMoreIsAborted() {
    bound.replying(r -> LoopbackServer.Reply.ok("x".repeat(Integer.parseInt(r.pathAndQuery().substring(1)))));
    egress(b -> b.maxResponseBytes(1000), boundRule());
    assertEquals(1000, egress.send(EgressRequest.builder("tool", "GET", boundUrl("/1000")).build()).body().length);
    denied("response-too-large", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/1001")).build()));
  }

  @Test
  void streamedResponseIsCountedAndAbortedBeyondTheCap() {
    bound.replying(r -> new LoopbackServer.Reply(200, Map.of(LoopbackServer.CHUNKED, "1"),
        "z".repeat(Integer.parseInt(r.pathAndQuery().substring(1)))));
    egress(b -> b.maxResponseBytes(50_000), boundRule());
    EgressResponse ok = egress.send(EgressRequest.builder("tool", "GET", boundUrl("/50000")).build());
    assertEquals(50_000, ok.body().length);
    assertTrue(ok.header("Content-Length").isEmpty(), "the test must exercise the streaming path");
    denied("response-too-large", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/50001")).build()));
  }

  @Test
  void slowServerHitsTheTotalTimeout() {
    bound.replying(r -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return LoopbackServer.Reply.ok("late");
    });
    egress(b -> b.totalTimeout(Duration.ofMillis(300)), boundRule());
    long t0 = System.nanoTime();
    denied("timeout", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/slow")).build()));
    assertTrue(System.nanoTime() - t0 < Duration.ofMillis(1_800).toNanos(), "refused before the server answered");
  }

  @Test
  void urlAtTheLengthLimitIsParsedAndOneMoreIsRefused() {
    String base = "https://api.example.com/";
    String atLimit = base + "a".repeat(UrlParser.MAX_URL_LENGTH - base.length());
    assertEquals(UrlParser.MAX_URL_LENGTH, atLimit.length());
    assertEquals("api.example.com", CanonicalUrl.parse(atLimit).host());
    EgressDeniedException e = assertThrows(EgressDeniedException.class, () -> CanonicalUrl.parse(atLimit + "a"));
    assertEquals("malformed-url", e.reason());
  }

  @Test
  void requestBodyAtTheCapPassesAndOneByteMoreIsRefused() {
    egress(b -> b.maxRequestBytes(100), boundRule());
    assertEquals(200, egress.send(EgressRequest.builder("tool", "POST", boundUrl("/")).body("y".repeat(100)).build()).status());
    denied("request-too-large", () -> egress.send(EgressRequest.builder("tool", "POST", boundUrl("/")).body("y".repeat(101)).build()));
  }

  @Test
  void rateLimitIsPerCallerAndSlides() {
    AtomicLong now = new AtomicLong();
    egress(b -> b.nanoClock(now::get).rateLimit("tool-a", new RateLimit(2, Duration.ofSeconds(10))), boundRule());
    EgressRequest a = EgressRequest.builder("tool-a", "GET", boundUrl("/")).build();
    egress.send(a);
    egress.send(a);
    denied("rate-limited", () -> egress.send(a));
    egress.send(EgressRequest.builder("tool-b", "GET", boundUrl("/")).build());
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertEquals(200, egress.send(a).status());
  }

  @Test
  void auditNamesDecisionsWithoutPayloads() {
    egress(boundRule());
    egress.send(EgressRequest.builder("tool-x", "POST", boundUrl("/api/private/path?q=secret-query"))
        .header("Authorization", "Bearer {{secret:GITHUB_TOKEN}}").body("payload-text").build());
    denied("method-not-allowed", () -> egress.send(EgressRequest.builder("tool-x", "GET\r\nInjected: 1", boundUrl("/")).build()));
    assertEquals(2, events.size());
    EgressAuditEvent ok = events.get(0);
    assertEquals(List.of("tool-x", "allowed", "POST", "bound.test", bound.port(), 200, List.of("GITHUB_TOKEN")),
        List.of(ok.caller(), ok.outcome(), ok.method(), ok.host(), ok.port(), ok.status(), ok.secrets()));
    assertTrue(ok.bytesSent() > "payload-text".length());
    for (String payload : List.of("/api/private", "secret-query", "payload-text", TOKEN)) {
      assertFalse(events.toString().contains(payload), payload);
    }
    EgressAuditEvent no = events.get(1);
    assertEquals(List.of("denied", "method-not-allowed", "?"), List.of(no.outcome(), no.reason(), no.method()));
  }

  @Test
  void hostAndHopByHopHeadersAreRefused() {
    egress(boundRule());
    denied("bad-header", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/")).header("Host", "attacker.test").build()));
    denied("bad-header", () -> egress.send(EgressRequest.builder("tool", "GET", boundUrl("/")).header("X-A", "a\r\nX-B: b").build()));
    assertEquals(0, bound.connections());
  }
}
