package dev.ironclaw4j.server.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressAuditEvent;
import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import dev.ironclaw4j.server.testing.StaticSecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Both provider APIs against the scripted model server, through a real egress client. */
class ProviderTest {
  static final String KEY = "sk-provider-test-" + "KEYVALUE0123456789";
  static final JsonNode SCHEMA = JsonMapper.shared().readTree(
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}");

  final StaticSecrets secrets = new StaticSecrets();
  final List<EgressAuditEvent> audit = new CopyOnWriteArrayList<>();
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    for (EgressAuditEvent e : audit) {
      assertFalse(e.toString().contains(KEY));
    }
  }

  ScriptedModelServer server(ScriptedModelServer s) {
    closing.add(s);
    return s;
  }

  ChatModel model(ScriptedModelServer s, ProviderKind kind, boolean stream) {
    String injection = kind == ProviderKind.OPENAI_COMPATIBLE ? "bearer" : "header:x-api-key";
    secrets.add("MODEL_KEY", KEY, s.baseUrl() + "/* POST", injection);
    ModelSettings settings = new ModelSettings(kind, s.baseUrl(), "test-model", Optional.of("MODEL_KEY"), stream, 256,
        Optional.empty(), Optional.empty());
    Egress egress = Providers.egressFor(settings, new LeakDetector(secrets), secrets, audit::add);
    closing.add(egress);
    return Providers.create(settings, egress, new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5), slept::add));
  }

  static ChatRequest request(String prompt) {
    return new ChatRequest(List.of(Message.system("be brief"), Message.user(prompt)),
        List.of(new ToolDef("echo", "Echo text", SCHEMA)), 256);
  }

  @Test
  void openAiStreamsTextDeltasInOrderWithUsageAndTheKeyInjectedByEgress() {
    ScriptedModelServer s = server(ScriptedModelServer.openAi(Reply.text("Hel", "lo ", "world").usage(11, 3)));
    List<String> deltas = new CopyOnWriteArrayList<>();
    ChatResponse r = model(s, ProviderKind.OPENAI_COMPATIBLE, true).chat(request("hi"), deltas::add);
    assertEquals(List.of("Hel", "lo ", "world"), deltas);
    assertEquals("Hello world", r.text());
    assertEquals("stop", r.stopReason());
    assertEquals(new Usage(11, 3, false), r.usage());
    ScriptedModelServer.Recorded req = s.requests().getFirst();
    assertEquals("/v1/chat/completions", req.path());
    assertEquals("Bearer " + KEY, req.headers().get("Authorization"));
    assertFalse(req.body().contains(KEY));
    assertEquals("be brief", req.systemPrompt());
    assertEquals("hi", req.lastUserText());
    assertEquals(List.of("echo"), req.toolNames());
    assertTrue(req.json().path("stream").asBoolean());
    assertTrue(req.json().path("stream_options").path("include_usage").asBoolean());
    assertEquals(List.of("MODEL_KEY"), audit.getLast().secrets());
  }

  @Test
  void openAiParallelToolCallsAreAssembledFromFragments() {
    ScriptedModelServer s = server(ScriptedModelServer.openAi(Reply.toolCalls(
        Reply.call("echo", "{\"text\":\"one\"}"), Reply.call("time", "{}"), Reply.call("echo", "{\"text\":\"three\"}"))
        .withText("Let me check.")));
    ChatResponse r = model(s, ProviderKind.OPENAI_COMPATIBLE, true).chat(request("go"), ChatSink.NONE);
    assertEquals("Let me check.", r.text());
    assertEquals("tool_calls", r.stopReason());
    assertEquals(3, r.toolCalls().size());
    assertEquals("echo", r.toolCalls().get(0).name());
    assertEquals("{\"text\":\"one\"}", r.toolCalls().get(0).arguments());
    assertEquals("time", r.toolCalls().get(1).name());
    assertEquals("{\"text\":\"three\"}", r.toolCalls().get(2).arguments());
    assertEquals(3, r.toolCalls().stream().map(ToolCall::id).distinct().count());
  }

  @Test
  void toolCallsAndResultsGoBackInTheOpenAiShape() {
    ScriptedModelServer s = server(ScriptedModelServer.openAi(Reply.text("ok")));
    ChatRequest req = new ChatRequest(List.of(Message.user("go"),
        Message.assistant("", List.of(new ToolCall("call_9", "echo", "{\"text\":\"x\"}"))),
        Message.tool("call_9", "echo", "x back")), List.of(), 100);
    model(s, ProviderKind.OPENAI_COMPATIBLE, true).chat(req, ChatSink.NONE);
    List<JsonNode> ms = s.requests().getFirst().messages();
    assertEquals("call_9", ms.get(1).get("tool_calls").get(0).get("id").asString());
    assertTrue(ms.get(1).get("content").isNull());
    assertEquals("tool", ms.get(2).get("role").asString());
    assertEquals("call_9", ms.get(2).get("tool_call_id").asString());
    assertEquals("x back", s.requests().getFirst().lastToolOutput());
  }

  @Test
  void aJsonAnswerToAStreamingRequestAndNonStreamingModeBothWork() {
    ScriptedModelServer s = server(ScriptedModelServer.openAi(
        Reply.text("plain json").asJson(), Reply.toolCall("echo", "{\"text\":\"q\"}")));
    List<String> deltas = new ArrayList<>();
    ChatModel streaming = model(s, ProviderKind.OPENAI_COMPATIBLE, true);
    assertEquals("plain json", streaming.chat(request("a"), deltas::add).text());
    assertEquals(List.of("plain json"), deltas, "the sink still gets the text");
    ChatModel nonStreaming = model(s, ProviderKind.OPENAI_COMPATIBLE, false);
    ChatResponse r = nonStreaming.chat(request("b"), ChatSink.NONE);
    assertFalse(s.requests().get(1).json().path("stream").asBoolean());
    assertEquals("echo", r.toolCalls().getFirst().name());
    assertFalse(r.usage().estimated());
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedWithBackoffAndRetryAfter() {
    ScriptedModelServer s = server(ScriptedModelServer.openAi(
        Reply.error(429, "slow down").retryAfter(2), Reply.error(503, "overloaded"), Reply.text("finally")));
    ChatResponse r = model(s, ProviderKind.OPENAI_COMPATIBLE, true).chat(request("x"), ChatSink.NONE);
    assertEquals("finally", r.text());
    assertEquals(3, s.requests().size());
    assertEquals(Duration.ofSeconds(2), slept.get(0), "Retry-After honoured");
    assertTrue(slept.get(1).toMillis() >= 200 && slept.get(1).toMillis() <= 250, "exponential backoff: " + slept);
  }

  @Test
  void retriesEndAndAuthFailuresAreNotRetried() {
    ScriptedModelServer s = server(ScriptedModelServer.openAi(
        Reply.error(500, "boom"), Reply.error(500, "boom"), Reply.error(500, "boom still"), Reply.error(401, "bad key")));
    ChatModel m = model(s, ProviderKind.OPENAI_COMPATIBLE, true);
    ModelException e = assertThrows(ModelException.class, () -> m.chat(request("x"), ChatSink.NONE));
    assertEquals("unavailable", e.reason());
    assertTrue(e.getMessage().contains("HTTP 500: boom still"), e.getMessage());
    assertEquals(3, s.requests().size());
    e = assertThrows(ModelException.class, () -> m.chat(request("x"), ChatSink.NONE));
    assertEquals("auth", e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("MODEL_KEY"), e.getMessage());
    assertEquals(4, s.requests().size(), "401 is not retried");
  }

  @Test
  void aKeyNotBoundToTheProviderIsNeverSent() {
    ScriptedModelServer s = server(ScriptedModelServer.openAi(Reply.text("never")));
    secrets.add("OTHER_KEY", "sk-other-0123456789abcdef", "https://api.example.com/* POST", "bearer");
    ModelSettings settings = ModelSettings.of(ProviderKind.OPENAI_COMPATIBLE, s.baseUrl(), "m", "OTHER_KEY");
    Egress egress = Providers.egressFor(settings, new LeakDetector(secrets), secrets, audit::add);
    closing.add(egress);
    ChatModel m = Providers.create(settings, egress, RetryPolicy.defaults());
    ModelException e = assertThrows(ModelException.class, () -> m.chat(request("x"), ChatSink.NONE));
    assertEquals("egress-denied", e.reason());
    assertTrue(e.getMessage().contains("secret bind OTHER_KEY --bind '" + s.baseUrl() + "/* POST' --inject bearer"), e.getMessage());
    assertEquals(0, s.requests().size());
  }

  @Test
  void theProviderClientReachesNothingButItsBaseUrl() {
    EgressRuleCheck.assertOnly(Providers.ruleFor("https://api.openai.com/v1"), "https://api.openai.com:443/v1/* GET,POST");
    EgressRuleCheck.assertOnly(Providers.ruleFor("http://127.0.0.1:11434/v1/"), "http://127.0.0.1:11434/v1/* GET,POST allow-private");
    EgressRuleCheck.assertOnly(Providers.ruleFor("http://localhost:8000/v1"), "http://localhost:8000/v1/* GET,POST allow-private");
  }

  @Test
  void interruptingTheCallerCancelsMidStream() throws Exception {
    ScriptedModelServer s = server(ScriptedModelServer.openAi(Reply.text("partial ", "never").stallAfter(1)));
    ChatModel m = model(s, ProviderKind.OPENAI_COMPATIBLE, true);
    CountDownLatch first = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        m.chat(request("x"), d -> first.countDown());
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    assertTrue(first.await(5, TimeUnit.SECONDS));
    t.interrupt();
    t.join(5000);
    assertFalse(t.isAlive());
    ModelException e = (ModelException) failure.get();
    assertEquals("cancelled", e.reason());
    assertTrue(e.streamed());
    assertEquals(1, s.requests().size(), "not retried");
  }

  @Test
  void failoverGoesToTheSecondModelWhenTheFirstFails() {
    ScriptedModelServer bad = server(ScriptedModelServer.openAi(Reply.error(503, "down"), Reply.error(503, "down"), Reply.error(503, "down")));
    ScriptedModelServer good = server(ScriptedModelServer.anthropic(Reply.text("from the second")));
    ChatModel first = model(bad, ProviderKind.OPENAI_COMPATIBLE, true);
    StaticSecrets own = new StaticSecrets().add("SECOND", "sk-ant-second-0123456789", good.baseUrl() + "/* POST", "header:x-api-key");
    ModelSettings ss = ModelSettings.of(ProviderKind.ANTHROPIC, good.baseUrl(), "claude-test", "SECOND");
    Egress e2 = Providers.egressFor(ss, new LeakDetector(own), own, audit::add);
    closing.add(e2);
    ChatModel second = Providers.create(ss, e2, RetryPolicy.defaults());
    ChatResponse r = new FailoverModel(List.of(first, second)).chat(request("x"), ChatSink.NONE);
    assertEquals("from the second", r.text());
    assertEquals("anthropic:claude-test", r.provider());
    assertEquals(3, bad.requests().size());
  }

  @Test
  void anthropicStreamsTextAndToolUseWithItsHeadersAndShapes() {
    ScriptedModelServer s = server(ScriptedModelServer.anthropic(
        Reply.toolCalls(Reply.call("echo", "{\"text\":\"a\"}"), Reply.call("echo", "{\"text\":\"b\"}")).withText("Two ", "calls."),
        Reply.text("done").usage(40, 2)));
    ChatModel m = model(s, ProviderKind.ANTHROPIC, true);
    List<String> deltas = new ArrayList<>();
    ChatResponse r = m.chat(request("hi"), deltas::add);
    assertEquals(List.of("Two ", "calls."), deltas);
    assertEquals("tool_calls", r.stopReason());
    assertEquals(2, r.toolCalls().size());
    assertEquals("{\"text\":\"b\"}", r.toolCalls().get(1).arguments());
    ScriptedModelServer.Recorded req = s.requests().getFirst();
    assertEquals("/v1/messages", req.path());
    assertEquals(KEY, req.headers().get("x-api-key"));
    assertEquals(AnthropicModel.VERSION, req.headers().get("anthropic-version"));
    assertEquals("be brief", req.json().get("system").asString());
    assertEquals("echo", req.json().get("tools").get(0).get("name").asString());
    assertTrue(req.json().get("tools").get(0).has("input_schema"));

    List<Message> history = new ArrayList<>(request("hi").messages());
    history.add(Message.assistant(r.text(), r.toolCalls()));
    history.add(Message.tool(r.toolCalls().get(0).id(), "echo", "a"));
    history.add(Message.tool(r.toolCalls().get(1).id(), "echo", "b"));
    ChatResponse done = m.chat(new ChatRequest(history, List.of(), 100), ChatSink.NONE);
    assertEquals("done", done.text());
    assertEquals(new Usage(40, 2, false), done.usage());
    List<JsonNode> ms = s.requests().get(1).messages();
    assertEquals(List.of("user", "assistant", "user"), ms.stream().map(x -> x.get("role").asString()).toList());
    assertEquals("tool_use", ms.get(1).get("content").get(1).get("type").asString());
    assertEquals(2, ms.get(2).get("content").size(), "both results in one user message");
    assertEquals("tool_result", ms.get(2).get("content").get(1).get("type").asString());
    assertEquals("b", s.requests().get(1).lastToolOutput());
  }

  @Test
  void anthropicNonStreaming() {
    ScriptedModelServer s = server(ScriptedModelServer.anthropic(Reply.toolCall("echo", "{\"text\":\"z\"}").withText("hm")));
    ChatResponse r = model(s, ProviderKind.ANTHROPIC, false).chat(request("hi"), ChatSink.NONE);
    assertEquals("hm", r.text());
    assertEquals("{\"text\":\"z\"}", r.toolCalls().getFirst().arguments());
  }

  /** Compares an egress rule's text form. */
  static final class EgressRuleCheck {
    static void assertOnly(dev.ironclaw4j.guard.egress.EgressRule rule, String text) {
      assertEquals(text, rule.text());
    }
  }
}
