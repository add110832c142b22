package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.testing.ScriptedModelServer;
import dev.ironclaw4j.server.testing.ScriptedModelServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of 'tool new': a scripted OpenAI-compatible model first answers with code that does not
 * compile, gets the compiler's error back, answers with the fix; the tool ends up installed and working.
 */
@Tag("slow")
class ToolNewCliTest {
  static final String PASS = "tool new cli test passphrase";
  static final String KEY = "sk-tool-new-" + "0123456789abcdefABCDEF";

  @TempDir Path tmp;

  @Test
  void compileErrorGoesBackToTheModelAndTheFixIsInstalledAndWorks() throws Exception {
    String good = Files.readString(Path.of("..", "toolsmith", "examples", "WordCount.java"));
    String broken = good.replace("int words = 0;", "int words = \"zero\";");
    try (ScriptedModelServer model = ScriptedModelServer.openAi(
        Reply.text("Here is the tool:\n```java\n" + broken + "```\n"),
        Reply.text("Fixed:\n```java\n" + good + "```\n"))) {
      CliRunner cli = new CliRunner(tmp.resolve("home"));
      Map<String, String> env = new HashMap<>();
      env.put("IRONCLAW4J_VAULT_PASSPHRASE", PASS);
      assertEquals(0, cli.run(env, "", "vault", "init").code());
      assertEquals(0, cli.run(env, KEY, "secret", "set", "MODEL_KEY", "--bind", model.baseUrl() + "/* POST", "--inject", "bearer").code());
      CliRunner.Result set = cli.run(env, "", "model", "set", "--provider", "openai-compatible", "--base-url", model.baseUrl(),
          "--model", "scripted", "--key-secret", "MODEL_KEY");
      assertEquals(0, set.code(), set.all());

      CliRunner.Result r = cli.run(env, "", "tool", "new", "count the words of a text", "--install", "--yes");
      assertEquals(0, r.code(), r.all());
      assertEquals(2, model.requests().size(), "two rounds");
      String secondPrompt = model.requests().get(1).body();
      assertTrue(secondPrompt.contains("WordCount.java:") && secondPrompt.contains("error"), secondPrompt);
      assertTrue(r.out().contains("installed word_count"), r.out());
      assertTrue(Files.exists(tmp.resolve("home/tools/word_count.java")), "the source is kept beside the tool");

      CliRunner.Result call = cli.run(env, "", "tool", "call", "word_count", "--input", "{\"text\":\"one two two\"}", "--yes");
      assertEquals(0, call.code(), call.all());
      assertTrue(call.out().contains("\"words\":3"), call.out());
    }
  }
}
