package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ironclaw4j tool build: Java source to an installed, callable WASM tool, with progress and approval. */
@Tag("slow")
class ToolBuildCliTest {
  @TempDir Path tmp;

  @Test
  void buildApproveInstallAndCallThroughThePipeline() throws Exception {
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    Path src = tmp.resolve("WordCount.java");
    Files.copy(Path.of("..", "toolsmith", "examples", "WordCount.java"), src);

    CliRunner.Result built = cli.run(Map.of(), "", "tool", "build", src.toString());
    assertEquals(0, built.code(), built.all());
    assertTrue(built.out().startsWith("tool word_count 1.0.0: "), built.out());
    assertTrue(built.out().contains("network:    none"), built.out());
    for (String phase : new String[] {"[javac   ] ok", "[teavm   ] ok", "[validate] ok", "[test    ] example 1: passed", "[test    ] ok"}) {
      assertTrue(built.err().contains(phase), phase + " in " + built.err());
    }
    assertFalse(Files.exists(tmp.resolve("home/tools/word_count.wasm")), "building alone installs nothing");

    CliRunner.Result unapproved = cli.run(Map.of(), "", "tool", "build", src.toString(), "--install", "--no-examples");
    assertEquals(2, unapproved.code(), unapproved.all());
    assertTrue(unapproved.err().contains("--yes"), unapproved.err());
    assertFalse(Files.exists(tmp.resolve("home/tools/word_count.wasm")));

    CliRunner.Result installed = cli.run(Map.of(), "", "tool", "build", src.toString(), "--install", "--yes", "--no-examples");
    assertEquals(0, installed.code(), installed.all());
    assertTrue(Files.exists(tmp.resolve("home/tools/word_count.java")), "the source is kept beside the tool");

    CliRunner.Result call = cli.run(Map.of(), "", "tool", "call", "word_count", "--input", "{\"text\":\"a b a\"}", "--yes");
    assertEquals(0, call.code(), call.all());
    assertTrue(call.out().contains("\"words\":3"), call.out());
  }

  @Test
  void compileErrorsPointToTheFileAndLine() throws Exception {
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    Path src = tmp.resolve("Broken.java");
    Files.writeString(src, """
        import dev.ironclaw4j.toolsmith.sdk.*;
        @Tool(name = "broken", description = "does not compile")
        public final class Broken implements ToolFunction {
          public Json call(Json input) {
            return Json.of(undefinedName);
          }
        }
        """);
    CliRunner.Result r = cli.run(Map.of(), "", "tool", "build", src.toString());
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains(src + ":5:"), r.err());
    assertTrue(r.err().contains("build failed in javac"), r.err());
  }
}
