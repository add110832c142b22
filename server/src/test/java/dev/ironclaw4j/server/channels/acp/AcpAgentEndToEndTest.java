package dev.ironclaw4j.server.channels.acp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.channels.ChannelServices;
import dev.ironclaw4j.server.testing.AgentFixture;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The ACP channel on the real agent core and a scripted OpenAI-compatible model: a prompt streams
 * message chunks, the tool call becomes {@code session/request_permission}, and the editor's answer
 * decides whether the tool runs (the model sees its output only when allowed).
 */
class AcpAgentEndToEndTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"allow_once", "deny"})
  void promptAsksPermissionForAToolAndTheAnswerDecides(String option) throws Exception {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCall("echo", "{\"text\":\"tool ran here\"}"),
            Reply.text("All ", "done."));
        AgentFixture f = AgentFixture.builder(tmp).model(model).approval("echo=ask").open();
        AcpHarness h = new AcpHarness(ChannelServices.of(f.guards(), Optional.of(f.vault()), true, f.agent()::hasModel),
            Optional.of(f.agent()), 1 << 20, Duration.ofSeconds(20))) {
      h.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":1,\"clientCapabilities\":{}}}");
      h.response(1);
      h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"session/new\",\"params\":{\"cwd\":\"/work\",\"mcpServers\":[]}}");
      String sid = h.response(2).path("result").path("sessionId").asString();
      h.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"session/prompt\",\"params\":{\"sessionId\":\"" + sid
          + "\",\"prompt\":[{\"type\":\"text\",\"text\":\"echo please\"}]}}");

      JsonNode permission = null;
      List<JsonNode> updates = new ArrayList<>();
      JsonNode done = null;
      while (done == null) {
        JsonNode n = h.next();
        if (n.path("method").asString("").equals("session/update")) {
          updates.add(n.path("params").path("update"));
        } else if (n.path("method").asString("").equals("session/request_permission")) {
          permission = n;
          h.send("{\"jsonrpc\":\"2.0\",\"id\":" + n.path("id").asLong()
              + ",\"result\":{\"outcome\":{\"outcome\":\"selected\",\"optionId\":\"" + option + "\"}}}");
        } else if (n.path("id").asInt(-1) == 3) {
          done = n;
        }
      }
      assertTrue(permission != null, "the editor was asked");
      assertEquals("end_turn", done.path("result").path("stopReason").asString());
      StringBuilder text = new StringBuilder();
      updates.stream().filter(u -> u.path("sessionUpdate").asString("").equals("agent_message_chunk"))
          .forEach(u -> text.append(u.path("content").path("text").asString()));
      assertEquals("All done.", text.toString());
      String toolOutputSeenByModel = model.requests().get(1).lastToolOutput();
      if (option.equals("deny")) {
        assertFalse(toolOutputSeenByModel.contains("tool ran here"), toolOutputSeenByModel);
      } else {
        assertTrue(toolOutputSeenByModel.contains("tool ran here"), toolOutputSeenByModel);
      }
    }
  }
}
