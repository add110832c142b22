package dev.ironclaw4j.server.scan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitIgnoreTest {
  private static final Path ROOT = Path.of("/repo");

  private static GitIgnore of(String... lines) {
    return GitIgnore.empty().withLines(ROOT, List.of(lines));
  }

  @Test
  void unanchoredGlobMatchesAtAnyDepth() {
    GitIgnore g = of("*.log");
    assertTrue(g.ignored(ROOT.resolve("a.log"), false));
    assertTrue(g.ignored(ROOT.resolve("x/y/b.log"), false));
    assertFalse(g.ignored(ROOT.resolve("a.log.txt"), false));
  }

  @Test
  void anchoredPatternMatchesOnlyFromItsDirectory() {
    GitIgnore g = of("/secret-*.txt", "docs/*.md");
    assertTrue(g.ignored(ROOT.resolve("secret-1.txt"), false));
    assertFalse(g.ignored(ROOT.resolve("sub/secret-1.txt"), false));
    assertTrue(g.ignored(ROOT.resolve("docs/a.md"), false));
    assertFalse(g.ignored(ROOT.resolve("docs/deep/a.md"), false));
  }

  @Test
  void directoryOnlyPatternSkipsFilesOfThatName() {
    GitIgnore g = of("build/");
    assertTrue(g.ignored(ROOT.resolve("build"), true));
    assertTrue(g.ignored(ROOT.resolve("a/build"), true));
    assertFalse(g.ignored(ROOT.resolve("build"), false));
  }

  @Test
  void negationReincludesAndLastMatchWins() {
    GitIgnore g = of("*.env", "!example.env");
    assertTrue(g.ignored(ROOT.resolve("prod.env"), false));
    assertFalse(g.ignored(ROOT.resolve("example.env"), false));
    assertTrue(of("!a.txt", "*.txt").ignored(ROOT.resolve("a.txt"), false));
  }

  @Test
  void doubleStarAndCharacterClasses() {
    GitIgnore g = of("**/tmp", "a/**/z.txt", "file[0-9].txt", "x?.bin", "\\#notes");
    assertTrue(g.ignored(ROOT.resolve("q/w/tmp"), true));
    assertTrue(g.ignored(ROOT.resolve("a/z.txt"), false));
    assertTrue(g.ignored(ROOT.resolve("a/b/c/z.txt"), false));
    assertTrue(g.ignored(ROOT.resolve("file7.txt"), false));
    assertFalse(g.ignored(ROOT.resolve("fileA.txt"), false));
    assertTrue(g.ignored(ROOT.resolve("x1.bin"), false));
    assertTrue(g.ignored(ROOT.resolve("#notes"), false));
  }

  @Test
  void commentsAndBlankLinesAreIgnored() {
    GitIgnore g = of("# *.txt", "", "   ");
    assertFalse(g.ignored(ROOT.resolve("a.txt"), false));
  }

  @Test
  void hostileGitignoreCannotBacktrackForever() {
    GitIgnore g = of("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
    String name = "a".repeat(5000);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFalse(g.ignored(ROOT.resolve(name), false)));
  }
}
