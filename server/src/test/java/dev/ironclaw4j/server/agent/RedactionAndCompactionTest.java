package dev.ironclaw4j.server.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.server.testing.AgentFixture;
import dev.ironclaw4j.server.testing.EchoingApi;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import dev.ironclaw4j.server.testing.SecretForms;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing the model is sent, and nothing a channel is shown, carries a vault value; compaction keeps it so. */
class RedactionAndCompactionTest {
  static final String TOKEN = "tok_" + "Zq8vR2mN5xW1kP7sT4yB9cD3";

  @TempDir Path tmp;

  static TurnResult run(AgentFixture f, String session, String text, TurnListener l) {
    return f.agent().prompt(session, text, l, req -> Approver.Answer.ALLOW_ONCE).result().orTimeout(30, TimeUnit.SECONDS).join();
  }

  @Test
  void aSecretTypedByTheUserEchoedByAnApiOrWrittenByTheModelNeverReachesTheModelOrTheChannel() throws Exception {
    try (EchoingApi api = new EchoingApi()) {
      String base = "http://127.0.0.1:" + api.port();
      try (ScriptedModelServer model = ScriptedModelServer.openAi(
              Reply.toolCall("http_request", "{\"url\":\"" + base + "/me\",\"method\":\"GET\",\"headers\":{\"Authorization\":\"Bearer {{secret:API_TOKEN}}\"}}"),
              // a provider that somehow knows the value and writes it, split over deltas
              Reply.text("Your token is ", TOKEN.substring(0, 9), TOKEN.substring(9), " and that is all."));
          AgentFixture f = AgentFixture.builder(tmp).model(model).secret("API_TOKEN", TOKEN, base + "/* GET", "bearer")
              .egressAllow(base + "/ allow-private").open()) {
        SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
        AgentCoreTest.Events ev = new AgentCoreTest.Events();
        TurnResult r = run(f, s.id(), "Here is my token " + TOKEN + " - check who I am", ev);
        assertEquals(TurnResult.Status.COMPLETED, r.status(), r.text());

        assertEquals(List.of("GET /me auth=Bearer " + TOKEN), api.received, "egress injected the value for the bound host");
        assertEquals(List.of(), SecretForms.foundIn(model.allReceived().replace(AgentFixture.MODEL_KEY, ""), TOKEN),
            "no form of the value in anything sent to the model");
        assertTrue(model.requests().getFirst().lastUserText().contains("[REDACTED:API_TOKEN]"));
        assertTrue(model.requests().get(1).lastToolOutput().contains("[REDACTED:API_TOKEN]"), model.requests().get(1).lastToolOutput());
        assertEquals("Your token is [REDACTED:API_TOKEN] and that is all.", r.text());
        assertEquals(r.text(), ev.text(), "streamed pieces redacted too, though the value was split between them");
        String stored = f.agent().transcript(s.id()).toString() + ev.log;
        assertFalse(stored.contains(TOKEN));
      }
    }
  }

  @Test
  void compactionSummarizesOlderMessagesAndTheSummaryIsRedactedAndFenced() {
    String filler = "apples and pears ".repeat(250); // ~4250 characters, about 1000 tokens
    Reply adaptive = Reply.dynamic(req -> req.systemPrompt().startsWith("You condense")
        ? Reply.text("SUMMARY: the user talks about fruit; token " + TOKEN)
        : Reply.text("ok"));
    try (ScriptedModelServer model = ScriptedModelServer.openAi(adaptive, adaptive, adaptive, adaptive, adaptive, adaptive);
        AgentFixture f = AgentFixture.builder(tmp).model(model).secret("API_TOKEN", TOKEN, "https://api.example.com/* GET", "bearer")
            .settings(x -> x.withContextTokens(2500)).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      assertEquals("ok", run(f, s.id(), "first: " + filler, TurnListener.NONE).text());
      assertEquals("ok", run(f, s.id(), "second: " + filler, TurnListener.NONE).text());
      assertEquals("ok", run(f, s.id(), "third question", TurnListener.NONE).text());

      List<ScriptedModelServer.Recorded> summaries = model.requests().stream()
          .filter(r -> r.systemPrompt().startsWith("You condense")).toList();
      assertEquals(1, summaries.size(), "one compaction");
      ScriptedModelServer.Recorded summarize = summaries.getFirst();
      assertTrue(summarize.toolNames().isEmpty(), "the summary call offers no tools");
      assertTrue(summarize.lastUserText().contains("first: apples"));

      ScriptedModelServer.Recorded after = model.requests().getLast();
      String sent = after.body();
      assertFalse(sent.contains("first: apples"), "the summarized messages are no longer sent");
      assertTrue(sent.contains("second: apples"), "the newest messages are kept");
      assertTrue(sent.contains("SUMMARY: the user talks about fruit"));
      assertTrue(sent.contains("[REDACTED:API_TOKEN]"));
      assertTrue(sent.contains("UNTRUSTED-CONTENT id=" + f.guards().inspector.wrapper(s.id()).id() + " source=memory"), "summary fenced as data");
      assertEquals(List.of(), SecretForms.foundIn(model.allReceived(), TOKEN));
      assertEquals("third question", after.lastUserText());

      List<Conversations.TranscriptEntry> t = f.agent().transcript(s.id());
      assertEquals(6, t.size(), "the transcript still has every message");
      assertTrue(t.getFirst().text().startsWith("first: apples"));
    }
  }

  @Test
  void theStreamRedactorNeverSplitsACredential() {
    dev.ironclaw4j.guard.leak.LeakDetector leaks = new dev.ironclaw4j.guard.leak.LeakDetector(new dev.ironclaw4j.server.testing.StaticSecrets()
        .add("K", TOKEN, "https://x.example/ GET", "bearer"));
    List<String> out = new java.util.ArrayList<>();
    StreamRedactor r = new StreamRedactor(leaks, out::add);
    String text = "a ".repeat(40) + "value=" + TOKEN + " then more text " + "b ".repeat(40);
    for (int i = 0; i < text.length(); i += 3) {
      r.accept(text.substring(i, Math.min(text.length(), i + 3)));
    }
    r.flush();
    String shown = String.join("", out);
    assertFalse(shown.contains(TOKEN.substring(0, 8)), shown);
    assertEquals(leaks.redact(text), shown);
    assertTrue(out.size() > 2, "still streamed in pieces");
  }
}
