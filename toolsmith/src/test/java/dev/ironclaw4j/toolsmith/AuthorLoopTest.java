package dev.ironclaw4j.toolsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tool new}'s loop with a scripted author: a compile error is fed back, the fix builds and installs. */
@Tag("slow")
class AuthorLoopTest {
  @TempDir
  Path tools;

  @Test
  void compileErrorIsFedBackAndTheFixIsInstalled() {
    String good = Smith.example("WordCount.java");
    String broken = good.replace("int words = 0;", "int words = \"zero\";");
    List<List<String>> seen = new ArrayList<>();
    ToolAuthor author = (description, feedback) -> {
      seen.add(feedback);
      return new ToolAuthor.Draft("WordCount.java", seen.size() == 1 ? broken : good);
    };
    AuthorLoop.Outcome out = AuthorLoop.run(author, "count the words of a text", 3, Smith.shared(), BuildListener.NONE);
    assertTrue(out.ok(), () -> out.feedback().toString());
    assertEquals(2, out.rounds());
    assertEquals(List.of(), seen.get(0), "no feedback in the first round");
    long line = broken.lines().takeWhile(l -> !l.contains("\"zero\"")).count() + 1;
    assertTrue(seen.get(1).stream().anyMatch(f -> f.startsWith("WordCount.java:" + line + ":")), seen.get(1).toString());
    Smith.shared().install(out.build(), tools, BuildListener.NONE);
    assertTrue(Files.exists(tools.resolve("word_count.wasm")));
  }

  @Test
  void roundsAreBounded() {
    ToolAuthor stubborn = (d, fb) -> new ToolAuthor.Draft("Bad.java", "class Bad { syntax error");
    AuthorLoop.Outcome out = AuthorLoop.run(stubborn, "anything", 2, Smith.shared(), BuildListener.NONE);
    assertFalse(out.ok());
    assertEquals(2, out.rounds());
    assertEquals(2, out.feedback().size());
  }

  @Test
  void promptAnswerIsReadIntoADraft() {
    ToolAuthor.Draft d = AuthorPrompt.draft("Here it is:\n```java\nimport x;\npublic final class Upper implements ToolFunction {}\n```\n");
    assertEquals("Upper.java", d.fileName());
    assertTrue(d.source().startsWith("import x;"));
    assertTrue(AuthorPrompt.user("upper-case a text", List.of("Upper.java:3: error: x")).contains("Upper.java:3: error: x"));
  }
}
