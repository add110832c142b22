package dev.ironclaw4j.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import keeps relative paths and honours its limits: files per import, bytes per file, text only. */
class MemoryImportTest {
  @TempDir Path tmp;

  private static MemoryOptions limits(int maxDocumentChars, int maxFiles) {
    return new MemoryOptions(60, 0, Duration.ofDays(30), 1200, 200, maxDocumentChars, 2000, 100, maxFiles, Clock.systemUTC());
  }

  @Test
  void importHonoursFileCountSizeAndEncodingLimits() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/notes"));
    Files.writeString(src.resolve("a.md"), "alpha\n");
    Files.writeString(src.resolve("b.txt"), "x".repeat(100));
    Files.writeString(src.resolve("c.md"), "y".repeat(101));
    Files.write(src.resolve("d.md"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
    Files.writeString(src.resolve("ignored.bin"), "not a note");
    Files.createSymbolicLink(src.resolve("link.md"), src.resolve("a.md"));
    TestDatabases.Target t = TestDatabases.h2(Files.createDirectories(tmp.resolve("db")));
    try (Database db = Database.open(t.url(), t.user(), t.password());
        Memory m = Memory.open(db, tmp.resolve("index"), TestScanners.hashing("h", 16), TestScanners.leaks(), limits(100, 4))) {
      MemoryImport.Report r = MemoryImport.run(m, tmp.resolve("src"), "imported/", "user", Trust.TRUSTED);
      assertEquals(List.of("imported/notes/a.md", "imported/notes/b.txt"), r.imported());
      assertEquals(2, r.skipped().size(), r.skipped().toString());
      assertTrue(r.skipped().get(0).startsWith("notes/c.md: larger than 100 bytes"), r.skipped().toString());
      assertTrue(r.skipped().get(1).startsWith("notes/d.md: not UTF-8"), r.skipped().toString());
      assertTrue(m.read("imported/notes/link.md").isEmpty(), "symbolic links are not followed");
    }
    try (Database db = Database.open(t.url(), t.user(), t.password());
        Memory m = Memory.open(db, tmp.resolve("index"), TestScanners.hashing("h", 16), TestScanners.leaks(), limits(100, 3))) {
      assertEquals("too-large", assertThrows(MemoryException.class,
          () -> MemoryImport.run(m, tmp.resolve("src"), "", "user", Trust.TRUSTED)).reason(), "4 notes, limit 3");
    }
  }
}
