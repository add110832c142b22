package dev.ironclaw4j.server.channels.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.channels.ChannelServices;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalAnswer;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatDone;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatStartParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatStartResult;
import dev.ironclaw4j.server.testing.AgentFixture;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LSP channel on the real agent core: a scripted OpenAI-compatible model on loopback streams its
 * answer and asks for a tool; the tool call goes through the pipeline, the approval travels to the
 * editor as {@code ironclaw/approvalRequest}, and the deltas arrive as {@code ironclaw/chat/delta}.
 */
class LspAgentEndToEndTest {
  @TempDir Path tmp;

  @Test
  void chatWithTheRealAgentStreamsDeltasAndAsksTheEditorBeforeATool() throws Exception {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCall("echo", "{\"text\":\"ping from the model\"}"),
            Reply.text("The echo ", "said ", "ping."));
        AgentFixture f = AgentFixture.builder(tmp).model(model).approval("echo=ask").open();
        LspHarness h = new LspHarness(ChannelServices.of(f.guards(), Optional.of(f.vault()), true, f.agent()::hasModel),
            Optional.of(f.agent()), LspOptions.defaults().withApprovalTimeout(Duration.ofSeconds(20)))) {
      h.initialize(true, null);
      h.client.approve = p -> CompletableFuture.completedFuture(new ApprovalAnswer("allow_once"));

      ChatStartResult r = h.remote.chatStart(new ChatStartParams(null, "echo something")).get(20, TimeUnit.SECONDS);
      ChatDone done = h.client.done(r.turnId()).get(30, TimeUnit.SECONDS);

      assertEquals("completed", done.status());
      assertEquals("The echo said ping.", done.text());
      assertEquals("echo", h.client.approvals.poll(5, TimeUnit.SECONDS).tool());
      List<String> deltas = h.client.events.stream().filter(e -> e.startsWith("delta:" + r.turnId())).toList();
      // streamed (redaction may hold a piece back and merge it with the next), in order, complete
      assertFalse(deltas.isEmpty());
      assertEquals("The echo said ping.",
          String.join("", deltas.stream().map(e -> e.substring(("delta:" + r.turnId() + ":").length())).toList()));
      assertTrue(h.client.events.contains("toolResult:" + r.turnId() + ":echo:true"), h.client.events.toString());
      // the tool's output went back to the model, fenced as untrusted data by the pipeline
      assertTrue(model.requests().get(1).lastToolOutput().contains("ping from the model"));
    }
  }

  @Test
  void deniedApprovalKeepsTheToolFromRunning() throws Exception {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCall("echo", "{\"text\":\"should not run\"}"),
            Reply.text("understood"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).approval("echo=ask").open();
        LspHarness h = new LspHarness(ChannelServices.of(f.guards(), Optional.of(f.vault()), true, f.agent()::hasModel),
            Optional.of(f.agent()), LspOptions.defaults().withApprovalTimeout(Duration.ofSeconds(20)))) {
      h.initialize(true, null);
      h.client.approve = p -> CompletableFuture.completedFuture(new ApprovalAnswer("deny"));

      ChatStartResult r = h.remote.chatStart(new ChatStartParams(null, "echo something")).get(20, TimeUnit.SECONDS);
      assertEquals("completed", h.client.done(r.turnId()).get(30, TimeUnit.SECONDS).status());
      assertTrue(h.client.events.contains("toolResult:" + r.turnId() + ":echo:false"), h.client.events.toString());
      assertFalse(model.requests().get(1).lastToolOutput().contains("should not run"));
    }
  }
}
