package dev.ironclaw4j.server.channels.acp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.channels.ChannelException;
import dev.ironclaw4j.server.channels.ChannelFixture;
import dev.ironclaw4j.server.channels.ChannelFixture.VaultState;
import dev.ironclaw4j.server.channels.TestConversations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The ACP server spoken to in raw JSON-RPC lines: initialize, sessions, streamed updates, permission
 * requests, cancel, session/load replay, MCP servers refused, and input that must not kill it. The
 * official TypeScript client drives it in {@link AcpTypeScriptClientTest}.
 */
class AcpServerTest {
  @TempDir Path tmp;
  ChannelFixture fx;
  AcpHarness h;
  final TestConversations conversations = new TestConversations();

  AcpHarness start(boolean agent, int maxLine) throws Exception {
    fx = new ChannelFixture(tmp, VaultState.UNLOCKED, false);
    h = new AcpHarness(fx.services, agent ? Optional.of(conversations) : Optional.empty(), maxLine, Duration.ofSeconds(20));
    return h;
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  String newSession(String mcpServers) throws Exception {
    h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"session/new\",\"params\":{\"cwd\":\"/work\",\"mcpServers\":" + mcpServers + "}}");
    JsonNode r = h.response(2);
    return r.path("result").path("sessionId").asString();
  }

  List<JsonNode> updatesUntilResponse(int id, List<JsonNode> requests) throws Exception {
    List<JsonNode> updates = new ArrayList<>();
    while (true) {
      JsonNode n = h.next();
      if (n.path("method").asString("").equals("session/update")) {
        updates.add(n.path("params").path("update"));
      } else if (n.has("method") && n.has("id")) {
        requests.add(n);
        return updates;
      } else if (n.path("id").asInt(-1) == id) {
        updates.add(n);
        return updates;
      }
    }
  }

  @Test
  void initializeNegotiatesVersionOneAndSaysWhatIsSupported() throws Exception {
    start(true, 1 << 20);
    h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":7,\"clientCapabilities\":{\"fs\":{\"readTextFile\":true}}}}");
    JsonNode r = h.response(1).path("result");
    assertEquals(1, r.path("protocolVersion").asInt());
    assertTrue(r.path("agentCapabilities").path("loadSession").asBoolean());
    assertFalse(r.path("agentCapabilities").path("mcpCapabilities").path("http").asBoolean());
    assertEquals("ironclaw4j", r.path("agentInfo").path("name").asString());
    assertTrue(r.path("authMethods").isEmpty());
  }

  @Test
  void aPromptStreamsUpdatesAndAsksPermissionBothWays() throws Exception {
    start(true, 1 << 20);
    String sid = newSession("[]");
    h.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"session/prompt\",\"params\":{\"sessionId\":\"" + sid
        + "\",\"prompt\":[{\"type\":\"text\",\"text\":\"use a tool with a plan\"}]}}");
    List<JsonNode> requests = new ArrayList<>();
    List<JsonNode> updates = updatesUntilResponse(3, requests);
    assertEquals(1, requests.size(), updates.toString());
    JsonNode perm = requests.getFirst();
    assertEquals("session/request_permission", perm.path("method").asString());
    assertEquals("call-1", perm.path("params").path("toolCall").path("toolCallId").asString());
    assertEquals("read", perm.path("params").path("toolCall").path("kind").asString());
    List<String> options = new ArrayList<>();
    perm.path("params").path("options").forEach(o -> options.add(o.path("optionId").asString() + "/" + o.path("kind").asString()));
    assertEquals(List.of("allow_once/allow_once", "allow_session/allow_always", "deny/reject_once"), options);
    List<String> kinds = updates.stream().map(u -> u.path("sessionUpdate").asString()).toList();
    assertEquals(List.of("plan", "agent_message_chunk", "agent_message_chunk", "agent_message_chunk", "tool_call"), kinds);

    h.send("{\"jsonrpc\":\"2.0\",\"id\":" + perm.path("id").asLong()
        + ",\"result\":{\"outcome\":{\"outcome\":\"selected\",\"optionId\":\"allow_once\"}}}");
    List<JsonNode> rest = updatesUntilResponse(3, requests);
    JsonNode done = rest.getLast();
    assertEquals("end_turn", done.path("result").path("stopReason").asString());
    JsonNode toolUpdate = rest.stream().filter(u -> u.path("sessionUpdate").asString("").equals("tool_call_update")).findFirst().orElseThrow();
    assertEquals("completed", toolUpdate.path("status").asString());
    assertTrue(rest.stream().anyMatch(u -> u.path("content").path("text").asString("").contains("allowed")));

    h.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"session/prompt\",\"params\":{\"sessionId\":\"" + sid
        + "\",\"prompt\":[{\"type\":\"text\",\"text\":\"use a tool\"}]}}");
    requests.clear();
    updatesUntilResponse(4, requests);
    h.send("{\"jsonrpc\":\"2.0\",\"id\":" + requests.getFirst().path("id").asLong()
        + ",\"result\":{\"outcome\":{\"outcome\":\"selected\",\"optionId\":\"deny\"}}}");
    List<JsonNode> denied = updatesUntilResponse(4, requests);
    assertEquals("failed", denied.stream().filter(u -> u.path("sessionUpdate").asString("").equals("tool_call_update"))
        .findFirst().orElseThrow().path("status").asString());
    assertEquals("end_turn", denied.getLast().path("result").path("stopReason").asString());
  }

  @Test
  void cancelEndsTheTurnWithCancelledAndDeniesAPendingPermission() throws Exception {
    start(true, 1 << 20);
    String sid = newSession("[]");
    h.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"session/prompt\",\"params\":{\"sessionId\":\"" + sid
        + "\",\"prompt\":[{\"type\":\"text\",\"text\":\"wait\"}]}}");
    List<JsonNode> requests = new ArrayList<>();
    // three deltas arrive, then the turn waits
    for (int i = 0; i < 3; i++) {
      assertEquals("session/update", h.next().path("method").asString());
    }
    h.send("{\"jsonrpc\":\"2.0\",\"method\":\"session/cancel\",\"params\":{\"sessionId\":\"" + sid + "\"}}");
    List<JsonNode> end = updatesUntilResponse(5, requests);
    assertEquals("cancelled", end.getLast().path("result").path("stopReason").asString());
  }

  @Test
  void loadReplaysTheTranscriptAndUnknownSessionsAreNotFound() throws Exception {
    start(true, 1 << 20);
    String sid = conversations.seed("what time is it?", "It is noon.", "time");
    h.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"session/load\",\"params\":{\"sessionId\":\"" + sid
        + "\",\"cwd\":\"/work\",\"mcpServers\":[]}}");
    List<JsonNode> updates = updatesUntilResponse(6, new ArrayList<>());
    assertEquals(List.of("user_message_chunk", "tool_call", "agent_message_chunk"),
        updates.subList(0, 3).stream().map(u -> u.path("sessionUpdate").asString()).toList());
    assertEquals("It is noon.", updates.get(2).path("content").path("text").asString());
    assertTrue(updates.getLast().has("result"));

    h.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"session/load\",\"params\":{\"sessionId\":\"nope\",\"cwd\":\"/w\",\"mcpServers\":[]}}");
    assertEquals(AcpServer.RESOURCE_NOT_FOUND, h.response(7).path("error").path("code").asInt());
  }

  @Test
  void mcpServersFromTheEditorAreRefusedWithAMessageAndTheSessionWorks() throws Exception {
    start(true, 1 << 20);
    h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"session/new\",\"params\":{\"cwd\":\"/work\",\"mcpServers\":"
        + "[{\"name\":\"files\",\"command\":\"/usr/bin/mcp-files\",\"args\":[],\"env\":[]}]}}");
    JsonNode r = h.next();
    assertEquals(2, r.path("id").asInt(), "the answer comes first");
    JsonNode note = h.next();
    assertEquals("agent_message_chunk", note.path("params").path("update").path("sessionUpdate").asString());
    assertTrue(note.path("params").path("update").path("content").path("text").asString().contains("files"), note.toString());
  }

  @Test
  void withoutTheAgentCoreSessionsAreRefusedClearly() throws Exception {
    start(false, 1 << 20);
    h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":1}}");
    assertFalse(h.response(1).path("result").path("agentCapabilities").path("loadSession").asBoolean());
    h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"session/new\",\"params\":{\"cwd\":\"/work\",\"mcpServers\":[]}}");
    JsonNode e = h.response(2).path("error");
    assertEquals(ChannelException.AGENT_UNAVAILABLE, e.path("code").asInt());
    assertTrue(e.path("message").asString().startsWith("agent core not available in this build"));
  }

  @Test
  void withoutTheDatabaseSessionsSayWhy() throws Exception {
    h = new AcpHarness(dev.ironclaw4j.server.channels.ChannelServices.degraded(
        "the database jdbc:h2:... is in use by another process (is 'ironclaw4j serve' already running?)"),
        Optional.of(conversations), 1 << 20, Duration.ofSeconds(5));
    h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"session/new\",\"params\":{\"cwd\":\"/work\",\"mcpServers\":[]}}");
    JsonNode e = h.response(2).path("error");
    assertEquals(ChannelException.DATABASE_UNAVAILABLE, e.path("code").asInt());
    assertTrue(e.path("message").asString().contains("ironclaw4j serve"), e.toString());
  }

  @Test
  void oversizedAndMalformedLinesGetErrorsAndTheServerLivesOn() throws Exception {
    start(true, 4096);
    h.send("{\"jsonrpc\":\"2.0\",\"id\":40,\"method\":\"session/prompt\",\"params\":{\"x\":\"" + "y".repeat(10_000) + "\"}}");
    JsonNode big = h.next();
    assertEquals(40, big.path("id").asInt());
    assertEquals(ChannelException.TOO_LARGE, big.path("error").path("code").asInt());
    h.send("{not json");
    JsonNode parse = h.next();
    assertEquals(-32700, parse.path("error").path("code").asInt());
    assertTrue(parse.path("id").isNull());
    h.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}]");
    assertEquals(-32600, h.next().path("error").path("code").asInt());
    h.send("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"session/fly\"}");
    assertEquals(-32601, h.next().path("error").path("code").asInt());
    h.send("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"session/prompt\",\"params\":{\"sessionId\":\"none\",\"prompt\":[]}}");
    JsonNode unknown = h.next();
    assertEquals(AcpServer.RESOURCE_NOT_FOUND, unknown.path("error").path("code").asInt());
    assertFalse(unknown.toString().contains("at dev.ironclaw4j"), "no stack trace");
    h.send("{\"jsonrpc\":\"2.0\",\"id\":43,\"method\":\"initialize\",\"params\":{\"protocolVersion\":1}}");
    assertEquals(1, h.next().path("result").path("protocolVersion").asInt());
  }
}
