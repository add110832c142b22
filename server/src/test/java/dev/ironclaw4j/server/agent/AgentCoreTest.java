package dev.ironclaw4j.server.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.server.testing.AgentFixture;
import dev.ironclaw4j.server.testing.EchoingApi;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The agent loop end to end: scripted model, real guard stack, real database. */
class AgentCoreTest {
  @TempDir Path tmp;

  /** Records what a channel sees. */
  static final class Events implements TurnListener {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<List<String>> plans = new CopyOnWriteArrayList<>();

    @Override
    public void delta(String text) {
      deltas.add(text);
    }

    @Override
    public void toolCall(String callId, String tool, String inputSummary) {
      log.add("call " + tool + " " + inputSummary);
    }

    @Override
    public void toolResult(String callId, String tool, boolean ok, String summary) {
      log.add((ok ? "ok " : "fail ") + tool + " " + summary);
    }

    @Override
    public void plan(List<String> steps) {
      plans.add(steps);
    }

    String text() {
      return String.join("", deltas);
    }
  }

  static final Approver DENY = req -> Approver.Answer.DENY;

  static TurnResult run(AgentFixture f, String session, String text, TurnListener l, Approver a) {
    return f.agent().prompt(session, text, l, a).result().orTimeout(30, TimeUnit.SECONDS).join();
  }

  @Test
  void multiStepTaskWithToolCallsStreamsAndIsStored() throws Exception {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCall("echo", "{\"text\":\"first\"}").withText("Plan:\n1. Echo first\n2. Echo second\n"),
            Reply.toolCall("echo", "{\"text\":\"second\"}"),
            Reply.text("Both ", "echoes ", "worked."));
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      Events ev = new Events();
      TurnResult r = run(f, s.id(), "Echo two words", ev, DENY);
      assertEquals(TurnResult.Status.COMPLETED, r.status(), r.text());
      assertEquals("Both echoes worked.", r.text());
      assertTrue(ev.text().endsWith("Both echoes worked."), ev.text());
      assertEquals(List.of(List.of("Echo first", "Echo second")), ev.plans);
      assertEquals(List.of("call echo {\"text\":\"first\"}", "ok echo ok: first", "call echo {\"text\":\"second\"}", "ok echo ok: second"),
          ev.log);
      assertTrue(r.inputTokens() > 0 && r.outputTokens() > 0);

      assertEquals(3, model.requests().size());
      ScriptedModelServer.Recorded second = model.requests().get(1);
      String wrapperId = f.guards().inspector.wrapper(s.id()).id();
      assertTrue(second.lastToolOutput().startsWith("<<<UNTRUSTED-CONTENT id=" + wrapperId), second.lastToolOutput());
      assertTrue(second.lastToolOutput().contains("first"));
      assertTrue(second.systemPrompt().contains("<<<END-UNTRUSTED-CONTENT id=" + wrapperId + ">>>"), "fences announced");
      assertTrue(second.systemPrompt().contains("## AGENT.md"), "identity files in the system prompt");
      assertTrue(second.toolNames().containsAll(List.of("echo", "http_request", "secret_list", "time")));
      assertEquals("Echo two words", second.lastUserText());

      List<Conversations.TranscriptEntry> t = f.agent().transcript(s.id());
      assertEquals(List.of("user", "assistant", "tool", "tool", "assistant"), t.stream().map(Conversations.TranscriptEntry::role).toList());
      assertEquals(Optional.of("echo"), t.get(2).toolName());
      SessionInfo listed = f.agent().list(10).getFirst();
      assertEquals(s.id(), listed.id());
      assertEquals("Echo two words", listed.title());
      assertEquals(1, listed.turns());
      assertEquals(3, f.agent().accounting(s.id()).modelCalls());
      assertTrue(Files.exists(f.home().dir().resolve("identity/AGENT.md")));
    }
  }

  @Test
  void aSessionIsFreeAsSoonAsItsTurnResultIsSeen() {
    Reply[] replies = new Reply[15];
    for (int i = 0; i < replies.length; i++) {
      replies[i] = Reply.text("answer " + i);
    }
    try (ScriptedModelServer model = ScriptedModelServer.openAi(replies);
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      for (int i = 0; i < replies.length; i++) {
        assertEquals("answer " + i, run(f, s.id(), "prompt " + i, TurnListener.NONE, DENY).text(), "no session-busy right after a result");
      }
      assertEquals(15, f.agent().list(1).getFirst().turns());
    }
  }

  @Test
  void parallelToolCallsRunInOrderAndAllResultsGoBack() {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCalls(Reply.call("echo", "{\"text\":\"a\"}"), Reply.call("time", "{}"), Reply.call("echo", "{\"text\":\"c\"}")),
            Reply.text("done"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("cli", "tester", Optional.empty());
      Events ev = new Events();
      assertEquals(TurnResult.Status.COMPLETED, run(f, s.id(), "go", ev, DENY).status());
      assertEquals(6, ev.log.size());
      List<JsonNode> msgs = model.requests().get(1).messages();
      List<JsonNode> tools = msgs.stream().filter(m -> m.get("role").asString().equals("tool")).toList();
      assertEquals(3, tools.size());
      JsonNode calls = msgs.get(msgs.size() - 4).get("tool_calls");
      for (int i = 0; i < 3; i++) {
        assertEquals(calls.get(i).get("id").asString(), tools.get(i).get("tool_call_id").asString());
      }
    }
  }

  @Test
  void approvalsGoToTheChannelsApproverAndADenialReachesTheModel() throws Exception {
    try (EchoingApi api = new EchoingApi()) {
      String url = "http://127.0.0.1:" + api.port() + "/hello";
      try (ScriptedModelServer m2 = ScriptedModelServer.openAi(
              Reply.toolCall("http_request", "{\"url\":\"" + url + "\",\"method\":\"GET\"}"),
              Reply.toolCall("http_request", "{\"url\":\"" + url + "\",\"method\":\"GET\"}"),
              Reply.text("Fetched once, refused once."));
          AgentFixture f = AgentFixture.builder(tmp).model(m2).egressAllow("http://127.0.0.1:" + api.port() + "/ allow-private").open()) {
        SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
        List<Approver.Request> asked = new CopyOnWriteArrayList<>();
        List<Approver.Answer> answers = new CopyOnWriteArrayList<>(List.of(Approver.Answer.ALLOW_ONCE, Approver.Answer.DENY));
        Events ev = new Events();
        TurnResult r = run(f, s.id(), "fetch it twice", ev, req -> {
          asked.add(req);
          return answers.removeFirst();
        });
        assertEquals(TurnResult.Status.COMPLETED, r.status());
        assertEquals(2, asked.size());
        assertEquals("http_request", asked.getFirst().tool());
        assertTrue(asked.getFirst().inputSummary().contains(url));
        assertEquals(1, api.received.size(), "only the approved call went out");
        assertTrue(ev.log.get(1).startsWith("ok http_request"), ev.log.toString());
        assertTrue(ev.log.get(3).startsWith("fail http_request denied"), ev.log.toString());
        String refusal = m2.requests().get(2).lastToolOutput();
        assertTrue(refusal.contains("was not run or failed (denied)") && refusal.contains("Do not retry"), refusal);
      }
    }
  }

  @Test
  void deltasArriveWhileTheAnswerIsStillStreaming() throws Exception {
    String words = "This answer is long enough to be shown in pieces while the model is still writing it, "
        + "word after word, and the turn completes only after the last piece.";
    try (ScriptedModelServer model = ScriptedModelServer.openAi(Reply.text(words.split("(?<= )")).delayed(Duration.ofMillis(15)));
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("lsp", "tester", Optional.empty());
      Events ev = new Events();
      Turn turn = f.agent().prompt(s.id(), "talk", ev, DENY);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ev.deltas.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertFalse(ev.deltas.isEmpty());
      assertFalse(turn.result().isDone(), "first pieces were shown before the answer was complete");
      TurnResult r = turn.result().get(10, TimeUnit.SECONDS);
      assertEquals(words, r.text());
      assertEquals(words, ev.text());
      assertTrue(ev.deltas.size() > 3, "streamed in several pieces: " + ev.deltas);
    }
  }

  @Test
  void cancellingStopsTheStreamKeepsTheSessionUsableAndTheHistoryWellFormed() throws Exception {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.text("I will think about this for a very long time, so this first part is all you will ever see of it ",
                "never").stallAfter(1),
            Reply.text("fresh answer"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      Events ev = new Events();
      Turn turn = f.agent().prompt(s.id(), "think", ev, DENY);
      assertTrue(model.awaitRequests(1, Duration.ofSeconds(10)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ev.deltas.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      AgentException busy = assertThrows(AgentException.class, () -> f.agent().prompt(s.id(), "again", ev, DENY));
      assertEquals("session-busy", busy.reason());
      long t0 = System.nanoTime();
      turn.cancel();
      TurnResult r = turn.result().get(5, TimeUnit.SECONDS);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "cancelled promptly");
      assertEquals(TurnResult.Status.CANCELLED, r.status());
      assertTrue(ev.text().startsWith("I will think"), ev.text());

      TurnResult next = run(f, s.id(), "answer now", new Events(), DENY);
      assertEquals("fresh answer", next.text());
      List<JsonNode> msgs = model.requests().get(1).messages();
      assertTrue(msgs.get(msgs.size() - 2).get("content").asString().endsWith("[interrupted]"), "the partial answer is kept");
    }
  }

  @Test
  void cancellingWhileAnApprovalIsPendingRunsNothingAndAnswersEveryCall() throws Exception {
    try (EchoingApi api = new EchoingApi()) {
      String url = "http://127.0.0.1:" + api.port() + "/late";
      try (ScriptedModelServer model = ScriptedModelServer.openAi(
              Reply.toolCalls(Reply.call("http_request", "{\"url\":\"" + url + "\",\"method\":\"GET\"}"), Reply.call("time", "{}")),
              Reply.text("after"));
          AgentFixture f = AgentFixture.builder(tmp).model(model).egressAllow("http://127.0.0.1:" + api.port() + "/ allow-private").open()) {
        SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        Turn turn = f.agent().prompt(s.id(), "go", new Events(), req -> {
          asked.countDown();
          try {
            answer.await(10, TimeUnit.SECONDS); // a human who answers only after the cancel
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answered.countDown();
          return Approver.Answer.ALLOW_ONCE;
        });
        assertTrue(asked.await(10, TimeUnit.SECONDS));
        turn.cancel();
        assertEquals(TurnResult.Status.CANCELLED, turn.result().get(5, TimeUnit.SECONDS).status());
        answer.countDown();
        assertTrue(answered.await(5, TimeUnit.SECONDS));
        Thread.sleep(300);
        assertEquals(List.of(), api.received, "an approval given after the cancel runs nothing");

        assertEquals("after", run(f, s.id(), "next", new Events(), DENY).text());
        List<JsonNode> tools = model.requests().get(1).messages().stream().filter(m -> m.get("role").asString().equals("tool")).toList();
        assertEquals(2, tools.size(), "both calls have an answer in the history");
        assertTrue(tools.get(0).get("content").asString().contains("cancelled"), tools.toString());
        assertTrue(tools.get(1).get("content").asString().contains("cancelled"), tools.toString());
      }
    }
  }

  @Test
  void theSameCallRepeatingWithoutProgressStopsAsStuck() {
    Reply same = Reply.toolCall("echo", "{\"text\":\"again\"}");
    try (ScriptedModelServer model = ScriptedModelServer.openAi(same, same, same, Reply.text("unreached"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      Events ev = new Events();
      TurnResult r = run(f, s.id(), "loop", ev, DENY);
      assertEquals(TurnResult.Status.STUCK, r.status(), r.text());
      assertTrue(r.text().contains("echo"));
      assertEquals(4, ev.log.size(), "two calls ran, the third was not run");
      assertEquals(1, model.remaining());
    }
  }

  @Test
  void theStepBudgetStopsATurnThatNeverAnswers() {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCall("echo", "{\"text\":\"1\"}"), Reply.toolCall("echo", "{\"text\":\"2\"}"), Reply.toolCall("echo", "{\"text\":\"3\"}"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).settings(x -> x.withMaxSteps(2)).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      TurnResult r = run(f, s.id(), "go", new Events(), DENY);
      assertEquals(TurnResult.Status.BUDGET_EXHAUSTED, r.status());
      assertTrue(r.text().contains("agent.max_steps"), r.text());
      assertEquals(2, model.requests().size());
    }
  }

  @Test
  void theTokenBudgetStopsATurnBeforeItIsExceeded() {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCall("echo", "{\"text\":\"1\"}").usage(3000, 10), Reply.text("unreached"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).settings(x -> x.withMaxTurnTokens(3500)).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      TurnResult r = run(f, s.id(), "go", new Events(), DENY);
      assertEquals(TurnResult.Status.BUDGET_EXHAUSTED, r.status());
      assertTrue(r.text().contains("agent.max_turn_tokens"), r.text());
      assertEquals(3000, r.inputTokens());
      assertEquals(1, model.requests().size());
    }
  }

  @Test
  void withoutAModelEveryPromptSaysHowToConfigureOne() {
    try (AgentFixture f = AgentFixture.builder(tmp).open()) {
      SessionInfo s = f.agent().open("cli", "tester", Optional.empty());
      TurnResult r = run(f, s.id(), "hello?", new Events(), DENY);
      assertEquals(TurnResult.Status.NO_MODEL, r.status());
      assertTrue(r.text().contains("ironclaw4j model set --provider openai-compatible"), r.text());
      assertFalse(f.agent().hasModel());
    }
  }

  @Test
  void unknownSessionsAreRefused() {
    try (AgentFixture f = AgentFixture.builder(tmp).open()) {
      AgentException e = assertThrows(AgentException.class, () -> f.agent().open("acp", "x", Optional.of("nope")));
      assertEquals("unknown-session", e.reason());
      e = assertThrows(AgentException.class, () -> f.agent().prompt("nope", "hi", TurnListener.NONE, DENY));
      assertEquals("unknown-session", e.reason());
    }
  }

  @Test
  void aFailingModelEndsTheTurnAsFailedWithTheReason() {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(Reply.error(401, "invalid api key"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      TurnResult r = run(f, s.id(), "hi", new Events(), DENY);
      assertEquals(TurnResult.Status.FAILED, r.status());
      assertTrue(r.text().contains("HTTP 401: invalid api key"), r.text());
    }
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheTurn() {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(Reply.toolCall("echo", "{\"text\":\"x\"}"), Reply.text("fine"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      TurnListener bad = new TurnListener() {
        @Override
        public void delta(String text) {
          throw new IllegalStateException("boom");
        }

        @Override
        public void toolCall(String callId, String tool, String inputSummary) {
          throw new IllegalStateException("boom");
        }
      };
      assertEquals("fine", run(f, s.id(), "hi", bad, DENY).text());
    }
  }

  @Test
  void anthropicEndToEnd() {
    try (ScriptedModelServer model = ScriptedModelServer.anthropic(
            Reply.toolCalls(Reply.call("echo", "{\"text\":\"p\"}"), Reply.call("echo", "{\"text\":\"q\"}")), Reply.text("pq"));
        AgentFixture f = AgentFixture.builder(tmp).model(model).open()) {
      SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
      TurnResult r = run(f, s.id(), "echo p and q", new Events(), DENY);
      assertEquals("pq", r.text());
      assertEquals(AgentFixture.MODEL_KEY, model.requests().getFirst().headers().get("x-api-key"));
      assertTrue(model.requests().get(1).lastToolOutput().contains("q"));
      assertTrue(model.requests().get(1).systemPrompt().contains("UNTRUSTED-CONTENT"));
    }
  }
}
