package dev.ironclaw4j.server.channels.acp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.channels.ChannelFixture.VaultState;
import dev.ironclaw4j.server.channels.ChannelFixture;
import dev.ironclaw4j.server.channels.ChannelServices;
import dev.ironclaw4j.server.channels.NodePackages;
import dev.ironclaw4j.server.channels.TestConversations;
import dev.ironclaw4j.server.testing.AgentFixture;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Interop with the official TypeScript ACP client ({@code @agentclientprotocol/sdk} from npm, installed
 * into {@code target/acp-ts}): a node process speaks ACP over its stdin/stdout to the agent in this JVM,
 * runs three prompts in one session, answers the first permission request with allow and the second
 * with deny, and cancels the third prompt.
 */
class AcpTypeScriptClientTest {
  static final String SDK = "@agentclientprotocol/sdk@2.4.0";

  @TempDir Path tmp;

  @Test
  void officialTypeScriptClientDrivesASession() throws Exception {
    Path dir = NodePackages.prepare("acp-ts", "/acp/acp-client.mjs", SDK);
    Path summaryFile = tmp.resolve("summary.json");
    try (ChannelFixture fx = new ChannelFixture(tmp.resolve("fx"), VaultState.UNLOCKED, false)) {
      AcpServer server = new AcpServer(fx.services, Optional.of(new TestConversations()), "tester", Duration.ofSeconds(30));
      Process node = new ProcessBuilder("node", "acp-client.mjs", summaryFile.toString())
          .directory(dir.toFile()).redirectError(tmp.resolve("node-stderr.txt").toFile()).start();
      try (JsonRpcPeer peer = new JsonRpcPeer(node.getInputStream(), node.getOutputStream(), 1 << 20, server)) {
        server.connect(peer);
        peer.start();
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the client finished");
        assertEquals(0, node.exitValue(), () -> "the client failed: " + stderr());
      } finally {
        node.destroyForcibly();
      }
    }
    JsonNode s = JsonMapper.shared().readTree(Files.readString(summaryFile));
    assertEquals(1, s.path("protocolVersion").asInt());
    assertEquals("ironclaw4j", s.path("agent").asString());
    assertEquals(List.of("end_turn", "end_turn", "cancelled"), strings(s.path("stops")));
    JsonNode perms = s.path("permissions");
    assertEquals(2, perms.size(), s.toString());
    assertEquals("allow_once", perms.get(0).path("answer").asString());
    assertEquals("deny", perms.get(1).path("answer").asString());
    assertEquals(List.of("allow_once/allow_once", "allow_session/allow_always", "deny/reject_once"), strings(perms.get(0).path("options")));
    assertEquals("call-1", perms.get(0).path("toolCallId").asString());
    assertEquals(List.of("completed", "failed"), strings(s.path("toolStatuses")));
    List<String> kinds = strings(s.path("kinds"));
    assertTrue(kinds.containsAll(List.of("plan", "agent_message_chunk", "tool_call", "tool_call_update")), kinds.toString());
    String text = s.path("text").asString();
    assertTrue(text.contains("Hello, world (allowed: allow_once)") && text.contains("Hello, world (denied)"), text);
  }

  @Test
  void officialTypeScriptClientDrivesTheRealAgentWithAScriptedModel() throws Exception {
    Path dir = NodePackages.prepare("acp-ts", "/acp/acp-client.mjs", SDK);
    Path summaryFile = tmp.resolve("summary.json");
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCall("echo", "{\"text\":\"first\"}"), Reply.text("Echoed ", "it."),
            Reply.toolCall("echo", "{\"text\":\"second\"}"), Reply.text("Understood, ", "not echoed."),
            Reply.text("one ", "two ", "three ", "four ").stallAfter(3));
        AgentFixture f = AgentFixture.builder(tmp.resolve("agent")).model(model).approval("echo=ask").open()) {
      AcpServer server = new AcpServer(ChannelServices.of(f.guards(), Optional.of(f.vault()), true, f.agent()::hasModel),
          Optional.of(f.agent()), "tester", Duration.ofSeconds(30));
      Process node = new ProcessBuilder("node", "acp-client.mjs", summaryFile.toString())
          .directory(dir.toFile()).redirectError(tmp.resolve("node-stderr.txt").toFile()).start();
      try (JsonRpcPeer peer = new JsonRpcPeer(node.getInputStream(), node.getOutputStream(), 1 << 20, server)) {
        server.connect(peer);
        peer.start();
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the client finished");
        assertEquals(0, node.exitValue(), () -> "the client failed: " + stderr());
      } finally {
        node.destroyForcibly();
      }
      JsonNode s = JsonMapper.shared().readTree(Files.readString(summaryFile));
      assertEquals(List.of("end_turn", "end_turn", "cancelled"), strings(s.path("stops")));
      JsonNode perms = s.path("permissions");
      assertEquals(2, perms.size(), s.toString());
      assertEquals("allow_once", perms.get(0).path("answer").asString());
      assertEquals("deny", perms.get(1).path("answer").asString());
      assertEquals(List.of("completed", "failed"), strings(s.path("toolStatuses")));
      String text = s.path("text").asString();
      assertTrue(text.contains("Echoed it.") && text.contains("Understood, not echoed."), text);
      // the model saw the allowed call's output and not the denied one's
      assertTrue(model.requests().get(1).lastToolOutput().contains("first"), model.requests().get(1).lastToolOutput());
      assertFalse(model.requests().get(3).lastToolOutput().contains("second"), model.requests().get(3).lastToolOutput());
    }
  }

  String stderr() {
    try {
      return Files.readString(tmp.resolve("node-stderr.txt"));
    } catch (java.io.IOException e) {
      return "(no stderr)";
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
