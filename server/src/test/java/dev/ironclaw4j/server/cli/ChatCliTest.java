package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.testing.EchoingApi;
import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** 'model' and 'chat' through the real CLI, against a scripted model on loopback. */
class ChatCliTest {
  static final String PASS = "chat cli test passphrase";
  static final String KEY = "sk-chat-cli-" + "0123456789abcdefABCDEF";

  @TempDir Path tmp;

  CliRunner cli() {
    return new CliRunner(tmp.resolve("home"));
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("IRONCLAW4J_VAULT_PASSPHRASE", PASS);
    return env;
  }

  /** A vault with the model key bound to the scripted server, and the model configured with 'model set'. */
  Map<String, String> configured(CliRunner cli, ScriptedModelServer model, String... extraAllow) {
    Map<String, String> env = env();
    assertEquals(0, cli.run(env, "", "vault", "init").code());
    CliRunner.Result key = cli.run(env, KEY, "secret", "set", "MODEL_KEY", "--bind", model.baseUrl() + "/* POST", "--inject", "bearer");
    assertEquals(0, key.code(), key.all());
    CliRunner.Result set = cli.run(env, "", "model", "set", "--provider", "openai-compatible", "--base-url", model.baseUrl(),
        "--model", "scripted", "--key-secret", "MODEL_KEY");
    assertEquals(0, set.code(), set.all());
    if (extraAllow.length > 0) {
      StringBuilder toml = new StringBuilder("[");
      for (String a : extraAllow) {
        toml.append(toml.length() > 1 ? ", " : "").append('"').append(a).append('"');
      }
      env.put("IRONCLAW4J_EGRESS_ALLOW", toml.append(']').toString());
    }
    return env;
  }

  @Test
  void withoutAModelChatSaysHowToConfigureOneAndExits2() {
    CliRunner.Result r = cli().run(Map.of(), "", "chat", "--once", "hello");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("No model is configured"), r.err());
    assertTrue(r.err().contains("ironclaw4j model set --provider openai-compatible --base-url"), r.err());
    assertTrue(r.err().contains("docs/models.md"));
    assertEquals(2, cli().run(Map.of(), "", "chat").code());
    CliRunner.Result list = cli().run(Map.of(), "", "model", "list");
    assertEquals(0, list.code());
    assertTrue(list.out().startsWith("no model configured"), list.out());
  }

  @Test
  void modelSetChecksTheKeyBindingAndListAndTestWork() {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(Reply.text("pong").usage(20, 1))) {
      CliRunner cli = cli();
      Map<String, String> env = env();
      assertEquals(0, cli.run(env, "", "vault", "init").code());

      CliRunner.Result missing = cli.run(env, "", "model", "set", "--provider", "openai-compatible", "--base-url", model.baseUrl(),
          "--model", "m", "--key-secret", "NOPE");
      assertEquals(2, missing.code(), missing.all());
      assertTrue(missing.err().contains("there is no secret NOPE in the vault; store the key with: ironclaw4j secret set NOPE --bind '"
          + model.baseUrl() + "/* POST' --inject bearer"), missing.err());
      assertFalse(Files.exists(cli.home.resolve("config.toml")) && cli.run(env, "", "config", "get", "model.name").out().contains("m"),
          "nothing written");

      assertEquals(0, cli.run(env, KEY, "secret", "set", "ELSEWHERE", "--bind", "https://api.example.com/v1/* POST", "--inject", "bearer").code());
      CliRunner.Result unbound = cli.run(env, "", "model", "set", "--provider", "openai-compatible", "--base-url", model.baseUrl(),
          "--model", "m", "--key-secret", "ELSEWHERE");
      assertEquals(2, unbound.code());
      assertTrue(unbound.err().contains("secret ELSEWHERE is not bound to " + model.baseUrl() + "/chat/completions"), unbound.err());
      assertTrue(unbound.err().contains("ironclaw4j secret bind ELSEWHERE --bind '" + model.baseUrl() + "/* POST' --inject bearer"), unbound.err());

      assertEquals(0, cli.run(env, KEY, "secret", "set", "MODEL_KEY", "--bind", model.baseUrl() + "/* GET,POST", "--inject", "bearer").code());
      CliRunner.Result set = cli.run(env, "", "model", "set", "--provider", "openai-compatible", "--base-url", model.baseUrl() + "/",
          "--model", "scripted", "--key-secret", "MODEL_KEY", "--input-cost", "0.15", "--output-cost", "0.60");
      assertEquals(0, set.code(), set.all());
      assertTrue(set.out().contains("key: secret MODEL_KEY is bound to " + model.baseUrl() + "/chat/completions (checked)"), set.out());
      assertTrue(set.out().contains("may reach only http://127.0.0.1:" + model.port() + "/v1/* GET,POST allow-private"), set.out());

      CliRunner.Result list = cli.run(env, "", "model", "list");
      assertEquals(0, list.code(), list.all());
      assertTrue(list.out().contains("model: openai-compatible scripted"), list.out());
      assertTrue(list.out().contains("key: vault secret MODEL_KEY"));
      assertTrue(list.out().contains("$0.15 / $0.6 per million"), list.out());

      CliRunner.Result test = cli.run(env, "", "model", "test");
      assertEquals(0, test.code(), test.all());
      assertTrue(test.out().startsWith("ok: openai-compatible:scripted answered \"pong\""), test.out());
      assertTrue(test.out().contains("20 input + 1 output tokens"), test.out());
      assertEquals("Bearer " + KEY, model.requests().getLast().headers().get("Authorization"));
      assertFalse(test.all().contains(KEY));

      CliRunner.Result fb = cli.run(env, "", "model", "test", "--fallback");
      assertEquals(2, fb.code());

      CliRunner.Result locked = cli.run(Map.of(), "", "model", "set", "--provider", "anthropic", "--base-url",
          "https://api.anthropic.com/v1", "--model", "claude-test", "--key-secret", "ANTHROPIC_KEY", "--fallback");
      assertEquals(0, locked.code(), locked.all());
      assertTrue(locked.out().contains("key binding NOT checked: the vault stays locked here"), locked.out());
      assertTrue(cli.run(env, "", "model", "list").out().contains("fallback: anthropic claude-test"));
    }
  }

  @Test
  void chatOnceCompletesAMultiStepTaskWithToolCallsAndAnApproval() throws Exception {
    try (EchoingApi api = new EchoingApi()) {
      String url = "http://127.0.0.1:" + api.port() + "/status";
      try (ScriptedModelServer model = ScriptedModelServer.openAi(
          Reply.toolCall("echo", "{\"text\":\"checking\"}").withText("Plan:\n1. Echo\n2. Fetch the status\n"),
          Reply.toolCall("http_request", "{\"url\":\"" + url + "\",\"method\":\"GET\"}"),
          Reply.text("The API says hello. ", "Done."))) {
        CliRunner cli = cli();
        Map<String, String> env = configured(cli, model, "http://127.0.0.1:" + api.port() + "/ allow-private");
        CliRunner.Result r = cli.run(env, "", "chat", "--once", "Check the status API", "--yes");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("The API says hello. Done."), r.out());
        assertTrue(r.err().contains("[echo] {\"text\":\"checking\"}"), r.err());
        assertTrue(r.err().contains("[http_request] allowed by --yes (the policy asks before http_request)"), r.err());
        assertTrue(r.err().contains("[http_request] ok: {"), r.err());
        assertEquals(List.of("GET /status auth=null"), api.received);
        assertEquals(3, model.requests().size());
        assertTrue(model.requests().get(2).lastToolOutput().contains("hello from the api"));
        assertFalse(r.all().contains(KEY));
        String sessionLine = r.err().lines().filter(l -> l.startsWith("session ")).findFirst().orElseThrow();
        String id = sessionLine.split(" ")[1];

        CliRunner.Result sessions = cli.run(env, "", "chat", "--list");
        assertTrue(sessions.out().contains(id) && sessions.out().contains("Check the status API"), sessions.out());

        model.then(Reply.text("You asked about the status API."));
        CliRunner.Result again = cli.run(env, "", "chat", "--session", id, "--once", "What did I ask?");
        assertEquals(0, again.code(), again.all());
        List<JsonNode> msgs = model.requests().getLast().messages();
        assertEquals("Check the status API", msgs.get(1).get("content").asString(), "the resumed session's history went to the model");
        String audit = cli.run(env, "", "audit", "--kind", "tool.call").out();
        assertTrue(audit.contains("http_request") && audit.contains("cli:"), audit);
      }
    }
  }

  @Test
  void withoutATerminalOrYesApprovalsAreDeclinedAndTheModelIsTold() throws Exception {
    try (EchoingApi api = new EchoingApi()) {
      String url = "http://127.0.0.1:" + api.port() + "/x";
      try (ScriptedModelServer model = ScriptedModelServer.openAi(
          Reply.toolCall("http_request", "{\"url\":\"" + url + "\",\"method\":\"GET\"}"),
          Reply.text("I could not fetch it."))) {
        CliRunner cli = cli();
        Map<String, String> env = configured(cli, model, "http://127.0.0.1:" + api.port() + "/ allow-private");
        CliRunner.Result r = cli.run(env, "", "chat", "--once", "fetch x");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("needs approval (the policy asks before http_request) and there is no terminal to ask: declined."
            + " Run in a terminal, or pass --yes"), r.err());
        assertEquals(List.of(), api.received);
        assertTrue(model.requests().get(1).lastToolOutput().contains("(denied)"));
      }
    }
  }

  @Test
  void interactiveChatReadsPromptsAndApprovalAnswersLineByLine() throws Exception {
    try (EchoingApi api = new EchoingApi()) {
      String url = "http://127.0.0.1:" + api.port() + "/i";
      try (ScriptedModelServer model = ScriptedModelServer.openAi(
          Reply.toolCall("http_request", "{\"url\":\"" + url + "\",\"method\":\"GET\"}"),
          Reply.text("fetched"),
          Reply.text("second answer"))) {
        CliRunner cli = cli();
        Map<String, String> env = configured(cli, model, "http://127.0.0.1:" + api.port() + "/ allow-private");
        CliRunner.Result r = cli.run(env, "fetch it\ny\n/usage\nand now?\n/history\n/bogus\n/exit\n", "chat");
        assertEquals(0, r.code(), r.all());
        assertEquals(1, api.received.size(), "the 'y' line approved the call");
        assertTrue(r.err().contains("Allow? [y]es once, [s] for this session, [N]o: "), r.err());
        assertTrue(r.out().contains("fetched") && r.out().contains("second answer"), r.out());
        assertTrue(r.err().contains("2 model calls") || r.err().contains("1 turns, 2 model calls"), r.err());
        assertTrue(r.out().contains("you> fetch it") && r.out().contains("you> and now?"), "history shows the conversation: " + r.out());
        assertTrue(r.err().contains("unknown command /bogus"));
      }
    }
  }

  @Test
  void aFailingModelMakesChatOnceExit1() {
    try (ScriptedModelServer model = ScriptedModelServer.openAi(Reply.error(401, "invalid key"))) {
      CliRunner cli = cli();
      Map<String, String> env = configured(cli, model);
      CliRunner.Result r = cli.run(env, "", "chat", "--once", "hi");
      assertEquals(1, r.code(), r.all());
      assertTrue(r.err().contains("failed: The model failed:") && r.err().contains("HTTP 401: invalid key"), r.err());
    }
  }
}
