package dev.ironclaw4j.server.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.server.agent.Conversations;
import dev.ironclaw4j.server.agent.SessionInfo;
import dev.ironclaw4j.server.agent.TurnListener;
import dev.ironclaw4j.server.agent.TurnResult;
import dev.ironclaw4j.server.llm.ToolCall;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.AgentFixture;
import dev.ironclaw4j.server.testing.EchoingApi;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Sessions persisted on H2 and PostgreSQL, and resumed after a restart. */
class SessionsTest {
  @TempDir Path tmp;

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  private TestDatabases.Target target(String kind) throws IOException {
    return kind.equals("h2") ? TestDatabases.h2(Files.createTempDirectory(tmp, "h2")) : TestDatabases.postgres();
  }

  static TurnResult run(AgentFixture f, String session, String text) {
    return f.agent().prompt(session, text, TurnListener.NONE, req -> Approver.Answer.ALLOW_ONCE).result().orTimeout(30, TimeUnit.SECONDS).join();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aConversationSurvivesARestartAndGoesOnWhereItStopped(String kind) throws Exception {
    TestDatabases.Target db = target(kind);
    try (EchoingApi api = new EchoingApi();
        ScriptedModelServer model = ScriptedModelServer.openAi(
            Reply.toolCall("http_request", "{\"url\":\"http://127.0.0.1:" + 1 + "/\",\"method\":\"GET\"}"), Reply.text("Noted: blue."))) {
      // the first reply's URL is irrelevant: the call is refused (port 1 is not allowed) and the model goes on
      String id;
      try (AgentFixture f = AgentFixture.builder(tmp).model(model).database(db).egressAllow("http://127.0.0.1:" + api.port() + "/ allow-private")
          .open()) {
        SessionInfo s = f.agent().open("acp", "tester", Optional.empty());
        id = s.id();
        assertEquals(TurnResult.Status.COMPLETED, run(f, id, "My favourite colour is blue.").status());
        assertEquals(1, f.agent().accounting(id).turns());

        f.restart();
        model.then(Reply.text("It is blue."));
        SessionInfo resumed = f.agent().open("lsp", "tester", Optional.of(id));
        assertEquals(id, resumed.id());
        assertEquals("My favourite colour is blue.", resumed.title());
        assertEquals(1, resumed.turns());
        List<Conversations.TranscriptEntry> t = f.agent().transcript(id);
        assertEquals(List.of("user", "tool", "assistant"), t.stream().map(Conversations.TranscriptEntry::role).toList());
        assertEquals("Noted: blue.", t.get(2).text());

        assertEquals("It is blue.", run(f, id, "What is my favourite colour?").text());
        List<JsonNode> sent = model.requests().getLast().messages();
        List<String> roles = sent.stream().map(m -> m.get("role").asString()).toList();
        assertEquals(List.of("system", "user", "assistant", "tool", "assistant", "user"), roles);
        assertEquals("My favourite colour is blue.", sent.get(1).get("content").asString());
        assertTrue(f.guards().invoker.session(id).seenUntrusted(), "taint restored from the history after the restart");
        assertEquals(2, f.agent().accounting(id).turns());
        assertEquals(3, f.agent().accounting(id).modelCalls());
        assertEquals(id, f.agent().list(5).getFirst().id());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theStoreKeepsMessagesSummariesAndAccounting(String kind) throws Exception {
    TestDatabases.Target t = target(kind);
    try (Database db = Database.open(t.url(), t.user(), t.password())) {
      SessionStore store = new SessionStore(db, Clock.systemUTC());
      SessionInfo a = store.create("cli", "me");
      SessionInfo b = store.create("acp", "me");
      store.append(a.id(), SessionStore.StoredMessage.user("one"));
      SessionStore.StoredMessage assistant = store.append(a.id(), SessionStore.StoredMessage.assistant("", List.of(new ToolCall("c1", "echo", "{\"text\":\"x\"}"))));
      store.append(a.id(), SessionStore.StoredMessage.tool("c1", "echo", "x"));
      SessionStore.StoredMessage kept = store.append(a.id(), SessionStore.StoredMessage.user("two"));
      store.append(a.id(), SessionStore.StoredMessage.summary("summary of one", kept.seq()));
      store.append(a.id(), SessionStore.StoredMessage.assistant("answer two", List.of()));
      assertEquals(2, assistant.seq());
      List<SessionStore.StoredMessage> all = store.messages(a.id());
      assertEquals(6, all.size());
      assertEquals("echo", all.get(1).toolCalls().getFirst().name());
      assertEquals("{\"text\":\"x\"}", all.get(1).toolCalls().getFirst().arguments());
      List<String> ctx = store.context(a.id()).stream().map(m -> m.role() + ":" + m.content()).toList();
      assertEquals(List.of("summary:summary of one", "user:two", "assistant:answer two"), ctx);
      assertEquals(List.of(), store.context(b.id()));

      store.titleIfEmpty(a.id(), "first title");
      store.titleIfEmpty(a.id(), "second title");
      store.recordCall(a.id(), 100, 20, Optional.of(0.0015), "m1");
      store.recordCall(a.id(), 50, 5, Optional.empty(), "m2");
      store.recordTurn(a.id());
      SessionStore.Accounting acc = store.accounting(a.id());
      assertEquals(new SessionStore.Accounting(1, 2, 150, 25, 1500, 1, "m2"), acc);
      assertEquals("$0.0015 (+1 unpriced calls)", acc.costText());
      assertEquals("first title", store.find(a.id()).orElseThrow().title());
      assertEquals(a.id(), store.list(1).getFirst().id(), "most recently active first");
      assertEquals(2, store.list(10).size());
      assertFalse(store.find("nope").isPresent());

      String huge = "x".repeat(SessionStore.MAX_CONTENT + 10);
      assertTrue(store.append(b.id(), SessionStore.StoredMessage.user(huge)).content().endsWith("characters]"));
    }
  }
}
