package dev.ironclaw4j.server.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.server.testing.AgentFixture;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model.attestation} on: the agent's model sits behind the attestation gate with the production
 * verifier (Intel's pinned root). A provider that cannot prove itself (here: a loopback model server
 * with no TEE evidence) never receives the prompt, and the turn says which check failed.
 */
class AttestedModelTest {
  static final String PROMPT = "the confidential plan for next quarter";

  @TempDir Path tmp;

  @Test
  void failedAttestationBlocksThePromptAndNoFallbackIsUsed() throws Exception {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(Reply.text("should never be asked"));
        ScriptedModelServer fallback = ScriptedModelServer.openAi(Reply.text("should never be asked either"));
        AgentFixture f = AgentFixture.builder(tmp).model(model)
            .env("IRONCLAW4J_MODEL_ATTESTATION", "near-ai")
            .env("IRONCLAW4J_MODEL_FALLBACK_PROVIDER", "openai-compatible")
            .env("IRONCLAW4J_MODEL_FALLBACK_BASE_URL", fallback.baseUrl())
            .env("IRONCLAW4J_MODEL_FALLBACK_NAME", "other")
            .open()) {
      SessionInfo s = f.agent().open("cli", "tester", Optional.empty());
      TurnResult r = f.agent().prompt(s.id(), PROMPT, TurnListener.NONE, q -> Approver.Answer.DENY).result().join();

      assertEquals(TurnResult.Status.FAILED, r.status(), r.text());
      assertTrue(r.text().contains("attestation"), r.text());
      assertFalse(model.requests().stream().anyMatch(q -> q.path().endsWith("/chat/completions")), "no chat call reached the provider");
      assertFalse(model.allReceived().contains(PROMPT), "the prompt never left");
      assertTrue(model.requests().stream().anyMatch(q -> q.path().contains("/attestation/report")), "the evidence was asked for");
      assertTrue(fallback.requests().isEmpty(), "no failover around the gate");
    }
  }
}
