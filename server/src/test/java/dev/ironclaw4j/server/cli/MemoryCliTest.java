package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ironclaw4j memory ...} end to end, in-process, with the real bundled model and embedded H2. */
class MemoryCliTest {
  @TempDir Path tmp;

  @Test
  void addSearchReadTreeRmReindexImport() throws Exception {
    CliRunner cli = new CliRunner(tmp.resolve("home"));
    Map<String, String> env = Map.of();
    CliRunner.Result add = cli.run(env, "# Release\n\nTo roll back: kubectl rollout undo deployment/api.\n",
        "memory", "add", "notes/release.md");
    assertEquals(0, add.code(), add.all());
    assertEquals("added notes/release.md (1 chunks)\n", add.out());

    Path notes = Files.createDirectories(tmp.resolve("import/daily"));
    Files.writeString(notes.resolve("2026-11-23.md"), "Walked the puppy after dark; he stopped howling.\n");
    Files.writeString(tmp.resolve("import/leak.md"), "db: postgres://admin:Q7vR2mXk9LpT4wZs@db.internal:5432/app\n");
    CliRunner.Result imp = cli.run(env, "", "memory", "import", tmp.resolve("import").toString());
    assertEquals(1, imp.code(), "a skipped file makes import exit 1: " + imp.all());
    assertTrue(imp.out().contains("imported 1 documents, skipped 1"), imp.all());
    assertTrue(imp.err().contains("leak.md") && imp.err().contains("credential"), imp.err());
    assertFalse(imp.all().contains("Q7vR2mXk9LpT4wZs"));

    CliRunner.Result search = cli.run(env, "", "memory", "search", "undo a failed deployment", "--limit", "2");
    assertEquals(0, search.code(), search.all());
    assertTrue(search.out().startsWith(" 1. notes/release.md:1-3  score="), search.out());
    assertTrue(search.out().contains("bm25=#1") && search.out().contains("vector=#1"), search.out());

    CliRunner.Result semantic = cli.run(env, "", "memory", "search", "dog noisy at night", "--mode", "vector");
    assertTrue(semantic.out().startsWith(" 1. daily/2026-11-23.md:1-1"), semantic.out());

    assertEquals("Walked the puppy after dark; he stopped howling.\n",
        cli.run(env, "", "memory", "read", "daily/2026-11-23.md").out());
    CliRunner.Result tree = cli.run(env, "", "memory", "tree");
    assertTrue(tree.out().contains("daily/2026-11-23.md") && tree.out().contains("notes/release.md"), tree.out());

    CliRunner.Result secret = cli.run(env, "aws AKIAZ7QK4MW2XN5RVT3P here", "memory", "add", "notes/aws.md");
    assertEquals(2, secret.code(), secret.all());
    assertTrue(secret.err().contains("credential"), secret.err());

    assertEquals(0, cli.run(env, "", "memory", "rm", "notes/release.md").code());
    assertEquals(1, cli.run(env, "", "memory", "read", "notes/release.md").code());
    CliRunner.Result reindex = cli.run(env, "", "memory", "reindex");
    assertTrue(reindex.out().startsWith("reindexed 1 chunks with all-minilm-l6-v2-q"), reindex.all());
    assertEquals(2, cli.run(env, "", "memory", "add", "../etc/passwd").code(), "bad path is a usage error");
  }
}
