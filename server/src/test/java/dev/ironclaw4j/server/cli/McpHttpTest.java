package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.mcp.McpHttpEndpoint;
import dev.ironclaw4j.server.testing.EchoingApi;
import dev.ironclaw4j.server.testing.ServeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code serve}'s MCP endpoint at {@code /mcp} on the real running server (a child process): the gate in
 * front of the SDK's Streamable HTTP transport, spoken to in raw HTTP so every header is ours, and the
 * official TypeScript SDK client over Streamable HTTP with the token, elicitation for approvals included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpHttpTest {
  static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
      + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  @TempDir static Path home;
  EchoingApi api;
  ServeProcess serve;
  int port;
  String token;

  @BeforeAll
  void start() throws Exception {
    api = new EchoingApi();
    serve = ServeProcess.start(home, Map.of("IRONCLAW4J_EGRESS_ALLOW", "[\"http://127.0.0.1:" + api.port() + "/api allow-private\"]"));
    port = serve.port;
    assertTrue(String.join("\n", serve.startLines).contains("/mcp (Streamable HTTP"), serve.startLines.toString());
    CliRunner.Result t = new CliRunner(home).run(Map.of(), "", "mcp", "token");
    assertEquals(0, t.code(), t.err());
    token = t.out().strip();
  }

  @AfterAll
  void stop() throws Exception {
    serve.close();
    api.close();
  }

  /** The status line and headers of the answer (the body is not read). */
  record Answer(int status, String head) {
    boolean hasHeader(String name) {
      return head.toLowerCase(java.util.Locale.ROOT).contains("\r\n" + name.toLowerCase(java.util.Locale.ROOT) + ":");
    }
  }

  /** One raw HTTP/1.1 request; {@code extra} are header lines; the body, if any, is sent as given. */
  Answer send(String method, String target, String host, List<String> extra, byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(15_000);
      StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
      extra.forEach(h -> req.append(h).append("\r\n"));
      req.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        try {
          out.write(body);
        } catch (IOException e) {
          // the server may answer and close before reading a body it refuses
        }
      }
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        head.append((char) c);
        if (head.toString().endsWith("\r\n\r\n")) {
          break;
        }
      }
      String h = head.toString();
      assertTrue(h.startsWith("HTTP/1.1 "), "an HTTP answer: " + h);
      return new Answer(Integer.parseInt(h.substring(9, 12)), h);
    }
  }

  String host() {
    return "127.0.0.1:" + port;
  }

  List<String> json(String... more) {
    List<String> h = new ArrayList<>(List.of("Content-Type: application/json", "Accept: application/json, text/event-stream"));
    h.addAll(List.of(more));
    return h;
  }

  Answer post(String target, String host, List<String> headers, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    List<String> h = new ArrayList<>(headers);
    h.add("Content-Length: " + b.length);
    return send("POST", target, host, h, b);
  }

  @Test
  void tokenIsStoredOwnerOnlyAndStable() throws Exception {
    Path file = home.resolve("mcp-http.token");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
    assertEquals(token, new CliRunner(home).run(Map.of(), "", "mcp", "token").out().strip(), "the same token each time");
  }

  @Test
  void authorizedInitializeOpensASession() throws Exception {
    Answer a = post("/mcp", host(), json("Authorization: Bearer " + token), INIT);
    assertEquals(200, a.status(), a.head());
    assertTrue(a.hasHeader("mcp-session-id"), a.head());
  }

  @Test
  void unauthenticatedRequestIsRefusedWith401() throws Exception {
    Answer none = post("/mcp", host(), json(), INIT);
    assertEquals(401, none.status(), none.head());
    assertTrue(none.hasHeader("www-authenticate"), none.head());
    Answer wrong = post("/mcp", host(), json("Authorization: Bearer " + token.substring(1) + "x"), INIT);
    assertEquals(401, wrong.status(), wrong.head());
    Answer basic = post("/mcp", host(), json("Authorization: Basic " + token), INIT);
    assertEquals(401, basic.status(), basic.head());
    Answer get = send("GET", "/mcp", host(), List.of("Accept: text/event-stream"), null);
    assertEquals(401, get.status(), "every method is gated: " + get.head());
  }

  @Test
  void tokenInQueryStringIsRefused() throws Exception {
    for (String q : List.of("?token=" + token, "?access_token=" + token, "?authorization=Bearer%20" + token)) {
      Answer a = post("/mcp" + q, host(), json(), INIT);
      assertEquals(400, a.status(), q + ": " + a.head());
      assertFalse(a.hasHeader("mcp-session-id"));
    }
    Answer alsoWithHeader = post("/mcp?token=" + token, host(), json("Authorization: Bearer " + token), INIT);
    assertEquals(400, alsoWithHeader.status(), "a URL with the token is refused even with a valid header: " + alsoWithHeader.head());
  }

  @Test
  void requestWithForeignOriginIsRefusedWith403() throws Exception {
    for (String origin : List.of("https://evil.example", "http://127.0.0.1:" + port + ".evil.example", "null",
        "http://localhost:" + (port + 1), "http://attacker.test:" + port)) {
      Answer a = post("/mcp", host(), json("Authorization: Bearer " + token, "Origin: " + origin), INIT);
      assertEquals(403, a.status(), origin + ": " + a.head());
    }
    Answer own = post("/mcp", host(), json("Authorization: Bearer " + token, "Origin: http://localhost:" + port), INIT);
    assertEquals(200, own.status(), "the server's own origin is fine: " + own.head());
  }

  @Test
  void dnsRebindingHostIsRefusedWith421LikeTheRestOfTheDaemon() throws Exception {
    Answer mcp = post("/mcp", "evil.example:" + port, json("Authorization: Bearer " + token), INIT);
    assertEquals(421, mcp.status(), mcp.head());
    Answer health = send("GET", "/health", "evil.example:" + port, List.of(), null);
    assertEquals(421, health.status(), "the same answer as the daemon's own Host check");
    Answer otherPort = post("/mcp", "127.0.0.1:" + (port + 1), json("Authorization: Bearer " + token), INIT);
    assertEquals(421, otherPort.status(), otherPort.head());
  }

  @Test
  void oversizedBodyIsRefusedWith413() throws Exception {
    List<String> h = new ArrayList<>(json("Authorization: Bearer " + token));
    h.add("Content-Length: " + (McpHttpEndpoint.MAX_BODY_BYTES + 1));
    Answer declared = send("POST", "/mcp", host(), h, null);
    assertEquals(413, declared.status(), "refused on the declared length, before reading: " + declared.head());

    // No length declared: the body is cut off while it is read, at the same cap.
    String big = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""
        + "a".repeat(McpHttpEndpoint.MAX_BODY_BYTES) + "\"}}}";
    byte[] b = big.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
    for (int off = 0; off < b.length; off += 65536) {
      int n = Math.min(65536, b.length - off);
      chunked.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunked.write(b, off, n);
      chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    List<String> hc = new ArrayList<>(json("Authorization: Bearer " + token, "Transfer-Encoding: chunked"));
    Answer streamed = send("POST", "/mcp", host(), hc, chunked.toByteArray());
    assertEquals(413, streamed.status(), streamed.head());

    Answer atLimit = post("/mcp", host(), json("Authorization: Bearer " + token), INIT + " ".repeat(McpHttpEndpoint.MAX_BODY_BYTES - INIT.length()));
    assertEquals(200, atLimit.status(), "a body of exactly the limit is served: " + atLimit.head());
  }

  @Test
  void officialTypeScriptClientOverStreamableHttpWithTokenAndElicitation() throws Exception {
    Path dir = McpTypeScriptClientTest.sdkWith("ts-http-client.mjs");
    String apiUrl = "http://127.0.0.1:" + api.port() + "/api/ts";
    String out = McpTypeScriptClientTest.run(dir, 120, List.of("node", "ts-http-client.mjs", "http://127.0.0.1:" + port + "/mcp", token, apiUrl));
    JsonNode s = JsonMapper.shared().readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());

    assertTrue(s.path("wrongToken").asString().contains("a valid bearer token is required"), "a wrong token cannot connect: " + s.path("wrongToken"));
    assertEquals("ironclaw4j", s.path("server").path("name").asString(), out);
    List<String> tools = s.path("tools").valueStream().map(JsonNode::asString).toList();
    assertTrue(tools.containsAll(List.of("echo", "time", "http_request", "secret_list")), tools.toString());
    assertTrue(s.path("httpSchemaHasUrl").asBoolean(), out);

    JsonNode echo = s.path("echo");
    assertFalse(echo.path("isError").asBoolean(), out);
    assertTrue(echo.path("text").asString().contains("hello over http") && echo.path("text").asString().contains("UNTRUSTED-CONTENT"), out);
    assertEquals("pass", echo.path("structured").path("verdict").asString(), "structured output: " + echo);
    assertTrue(echo.path("structured").path("auditSeq").asLong() > 0, echo.toString());
    assertEquals(2, echo.path("progress").size(), "progress at start and end: " + echo.path("progress"));

    assertTrue(s.path("httpWithoutPrompt").path("isError").asBoolean(), out);
    assertTrue(s.path("httpWithoutPrompt").path("text").asString().contains("mcp:http_request=allow"), "refusal with the hint: " + out);

    assertFalse(s.path("httpApproved").path("isError").asBoolean(), "approved through elicitation: " + out);
    assertTrue(s.path("httpApproved").path("text").asString().contains("hello from the api"), out);
    assertTrue(s.path("httpDeclined").path("isError").asBoolean(), out);
    assertTrue(s.path("httpDeclined").path("text").asString().startsWith("denied: the user declined"), out);
    assertEquals(List.of("GET /api/ts auth=null"), api.received, "only the approved call reached the API");

    assertEquals(2, s.path("asked").size(), out);
    JsonNode q = s.path("asked").get(0);
    assertTrue(q.path("message").asString().contains("http_request") && q.path("message").asString().contains("network"), q.toString());
    assertEquals(List.of("allow_once", "allow_for_session", "deny"), q.path("choices").valueStream().map(JsonNode::asString).toList());
  }
}
