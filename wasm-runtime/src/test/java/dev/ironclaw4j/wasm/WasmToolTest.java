package dev.ironclaw4j.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.egress.EgressAuditEvent;
import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolException;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.guard.tool.ToolResult;
import dev.ironclaw4j.guard.vault.SecretLookup;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WasmToolTest {
  Loopback allowed;
  Loopback other;
  final List<EgressAuditEvent> egressAudit = new CopyOnWriteArrayList<>();
  final List<String> logs = new CopyOnWriteArrayList<>();
  final ToolRegistry registry = new ToolRegistry();
  final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @BeforeEach
  void servers() throws Exception {
    allowed = new Loopback();
    other = new Loopback();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    allowed.close();
    other.close();
  }

  private String allowedRule() {
    return "http://allowed.test:" + allowed.port() + "/ GET allow-private";
  }

  private WasmTool load(byte[] wasm, ToolManifest m, SecretLookup vault) {
    WasmTool t = WasmTool.load(wasm, m, Mode.COMPILED, Fixtures.egress(vault, egressAudit), vault, logs::add);
    closing.add(t);
    return t;
  }

  private static ToolContext ctx(Approver approver) {
    return new ToolContext("s1", "cli", "test", Optional.ofNullable(approver));
  }

  private String callThroughPipeline(WasmTool tool) {
    registry.register(tool);
    try (ToolInvoker inv = Fixtures.invoker(registry, ApprovalPolicy.builder().global("*", ApprovalPolicy.Decision.ALLOW).build())) {
      ToolResult r = inv.call(tool.spec().name(), "{}", ctx(null));
      return r.content();
    }
  }

  @Test
  void httpToHostNotInManifestIsDenied() {
    ToolManifest m = Manifests.parse(Manifests.json("fetcher", List.of(allowedRule()), List.of(), Manifests.defaultLimits()));
    SecretLookup vault = Fixtures.vault("http://allowed.test:" + allowed.port() + "/api/*");

    String ok = callThroughPipeline(load(Modules.http("{\"method\":\"GET\",\"url\":\"http://allowed.test:" + allowed.port() + "/hello\"}"), m, vault));
    assertTrue(ok.contains("\"status\":200"), ok);
    assertEquals(1, allowed.received.size());

    for (String url : List.of("http://other.test:" + other.port() + "/steal", "http://127.0.0.1:" + other.port() + "/steal",
        "http://allowed.test:" + other.port() + "/steal")) {
      String out = callThroughPipeline(load(Modules.http("{\"method\":\"GET\",\"url\":\"" + url + "\"}"), m, vault));
      assertTrue(out.contains("\"error\"") && out.contains("-not-allowed"), out);
    }
    String post = callThroughPipeline(load(Modules.http("{\"method\":\"POST\",\"url\":\"http://allowed.test:" + allowed.port() + "/x\",\"body\":\"data\"}"), m, vault));
    assertTrue(post.contains("method-not-allowed"), post);
    assertEquals(List.of(), other.received, "nothing reached the host the manifest does not name");
    assertEquals(1, allowed.received.size());
    assertTrue(egressAudit.stream().anyMatch(e -> e.outcome().equals("denied")));
  }

  @Test
  void toolWithoutHttpRulesCannotReachAnything() throws Exception {
    ToolManifest m = Manifests.plain("offline");
    WasmTool t = WasmTool.load(Modules.http("{\"url\":\"http://127.0.0.1:" + other.port() + "/\"}"), m, Mode.COMPILED,
        Fixtures.noEgress(), HostServices.none().secrets(), logs::add);
    closing.add(t);
    String out = t.execute(JsonMapper.shared().readTree("{}"), ctx(null));
    assertTrue(out.contains("host-not-allowed"), out);
    assertEquals(List.of(), other.received);
    assertEquals(java.util.Set.of(), t.spec().effects());
  }

  @Test
  void httpCallsPerInvocationAreCapped() throws Exception {
    ToolManifest m = Manifests.parse(Manifests.json("fetcher", List.of(allowedRule()), List.of(),
        Manifests.limits(2000, 1_000_000, 4, 65536, 0)));
    WasmTool t = load(Modules.http("{\"url\":\"http://allowed.test:" + allowed.port() + "/\"}"), m, HostServices.none().secrets());
    String out = t.execute(JsonMapper.shared().readTree("{}"), ctx(null));
    assertTrue(out.contains("http-limit"), out);
    assertEquals(List.of(), allowed.received);
  }

  @Test
  void secretPlaceholderIsNeverResolvedInsideTheSandbox() throws Exception {
    String bound = "http://allowed.test:" + allowed.port() + "/api/*";
    SecretLookup vault = Fixtures.vault(bound);
    ToolManifest m = Manifests.parse(Manifests.json("gh", List.of(allowedRule(),
        "http://other.test:" + other.port() + "/ GET allow-private"), List.of("GITHUB_TOKEN"), Manifests.defaultLimits()));

    // The module sees only the placeholder text: echoed input comes back verbatim.
    WasmTool echo = load(Modules.echo(), m, vault);
    String echoed = echo.execute(JsonMapper.shared().readTree("{\"t\":\"Bearer {{secret:GITHUB_TOKEN}}\"}"), ctx(null));
    assertEquals("{\"t\":\"Bearer {{secret:GITHUB_TOKEN}}\"}", echoed);

    // Its request to a host the secret is not bound to (though the manifest allows the host) is denied.
    String toOther = callThroughPipeline(load(Modules.http("{\"method\":\"GET\",\"url\":\"http://other.test:" + other.port()
        + "/api/x\",\"headers\":{\"Authorization\":\"Bearer {{secret:GITHUB_TOKEN}}\"}}"), m, vault));
    assertTrue(toOther.contains("\"error\"") && toOther.contains("secret-not-bound"), toOther);
    assertEquals(List.of(), other.received, "the non-bound host received nothing");

    // To the bound host, egress injects the value; the server echoes it and the tool gets it redacted.
    String toBound = callThroughPipeline(load(Modules.http("{\"method\":\"GET\",\"url\":\"http://allowed.test:" + allowed.port()
        + "/api/x\",\"headers\":{\"Authorization\":\"Bearer {{secret:GITHUB_TOKEN}}\"}}"), m, vault));
    assertTrue(allowed.all().contains(Fixtures.TOKEN_VALUE), "egress injected at the bound host");
    assertFalse(toBound.contains(Fixtures.TOKEN_VALUE), toBound);
    assertTrue(toBound.contains("[REDACTED:GITHUB_TOKEN]"), toBound);

    // A secret the manifest does not declare cannot even be mentioned.
    String undeclared = callThroughPipeline(load(Modules.http("{\"method\":\"GET\",\"url\":\"http://allowed.test:" + allowed.port()
        + "/api/x\",\"headers\":{\"Authorization\":\"Bearer {{secret:AWS_KEY}}\"}}"), m, vault));
    assertTrue(undeclared.contains("secret-not-declared"), undeclared);
    assertEquals(1, allowed.received.size());
  }

  @Test
  void changedModuleHashRequiresReapproval() {
    ToolManifest m = Manifests.parse(Manifests.json("net", List.of(allowedRule()), List.of(), Manifests.defaultLimits()));
    SecretLookup vault = HostServices.none().secrets();
    WasmTool v1 = load(Modules.constant("{\"v\":1}"), m, vault);
    assertTrue(v1.spec().effects().contains(Effect.NETWORK));
    AtomicInteger asked = new AtomicInteger();
    Approver always = r -> {
      asked.incrementAndGet();
      return Approver.Answer.ALLOW_FOR_SESSION;
    };
    registry.register(v1);
    try (ToolInvoker inv = Fixtures.invoker(registry, ApprovalPolicy.defaults())) {
      assertTrue(inv.call("net", "{}", ctx(always)).content().contains("\"v\":1"));
      inv.call("net", "{}", ctx(always));
      assertEquals(1, asked.get(), "allowed for the session after one question");

      WasmTool v2 = load(Modules.constant("{\"v\":2}"), m, vault);
      assertNotEquals(v1.moduleSha256(), v2.moduleSha256());
      assertNotEquals(v1.spec().capabilityDigest(), v2.spec().capabilityDigest());
      registry.register(v2);
      assertTrue(inv.call("net", "{}", ctx(always)).content().contains("\"v\":2"));
      assertEquals(2, asked.get(), "a changed module is asked about again");

      ToolManifest wider = Manifests.parse(Manifests.json("net", List.of(allowedRule(), "https://example.com/ GET"), List.of(),
          Manifests.defaultLimits()));
      registry.register(load(Modules.constant("{\"v\":2}"), wider, vault));
      inv.call("net", "{}", ctx(always));
      assertEquals(3, asked.get(), "a widened manifest is asked about again");

      ToolException denied = assertThrows(ToolException.class, () -> {
        registry.register(load(Modules.constant("{\"v\":3}"), m, vault));
        inv.call("net", "{}", ctx(null));
      });
      assertEquals("approval-required", denied.reason());
    }
  }

  @Test
  void trapInPipelineIsAToolErrorNamingTheTool() {
    registry.register(load(Modules.trap(), Manifests.plain("crashy"), HostServices.none().secrets()));
    try (ToolInvoker inv = Fixtures.invoker(registry, ApprovalPolicy.defaults())) {
      ToolException e = assertThrows(ToolException.class, () -> inv.call("crashy", "{}", ctx(null)));
      assertEquals("tool-failed", e.reason());
      assertTrue(e.getMessage().contains("crashy") && e.getMessage().contains("trap"), e.getMessage());
    }
  }

  @Test
  void capabilityDigestIsStableForEqualInputs() {
    ToolManifest a = Manifests.plain("same");
    ToolManifest b = Manifests.plain("same");
    assertEquals(WasmTool.capabilityDigest("ab", a), WasmTool.capabilityDigest("ab", b));
    assertNotEquals(WasmTool.capabilityDigest("ab", a), WasmTool.capabilityDigest("ac", a));
  }
}
