package dev.ironclaw4j.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM writes one note normally, then a second one and halts (no shutdown hooks,
 * no close) right after the database commit, before the index saw it. The parent reopens the same H2
 * files and index folder: both notes are there and both are found.
 */
class MemoryProcessCrashTest {
  @TempDir Path dir;

  /** The child: {@code DB_URL INDEX_DIR}. */
  public static void main(String[] args) {
    Database db = Database.open(args[0], "", "");
    Memory m = Memory.open(db, Path.of(args[1]), TestScanners.hashing("test-hash", 64), TestScanners.leaks(),
        MemoryOptions.defaults());
    m.write("notes/one.md", "first note about gardening\n", "user", Trust.TRUSTED);
    m.afterCommit = () -> Runtime.getRuntime().halt(77);
    m.write("notes/two.md", "second note about zeppelins\n", "user", Trust.TRUSTED);
    Runtime.getRuntime().halt(1); // not reached
  }

  @Test
  void killedBetweenDatabaseCommitAndIndexLosesNoDocument() throws Exception {
    String url = TestDatabases.h2(Files.createDirectories(dir.resolve("db"))).url();
    Path index = dir.resolve("index");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), MemoryProcessCrashTest.class.getName(), url,
        index.toString())
        .redirectOutput(new File(dir.resolve("child.out").toString()))
        .redirectErrorStream(true)
        .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
    assertEquals(77, p.exitValue(), Files.readString(dir.resolve("child.out")));
    try (Database db = Database.open(url, "", "");
        Memory m = Memory.open(db, index, TestScanners.hashing("test-hash", 64), TestScanners.leaks(),
            MemoryOptions.defaults())) {
      assertTrue(m.read("notes/two.md").isPresent(), "the committed document survived the kill");
      assertEquals("notes/two.md", m.search("zeppelins", 3).getFirst().path(), "the index caught up from the database");
      assertEquals("notes/one.md", m.search("gardening", 3).getFirst().path());
      assertEquals(2, m.indexedChunks());
    }
  }
}
