package dev.ironclaw4j.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same migrations, run for real on H2 and on PostgreSQL. */
class MigrationTest {
  @TempDir static Path tmp;

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  private static TestDatabases.Target target(String kind) throws IOException {
    return kind.equals("h2")
        ? TestDatabases.h2(Files.createTempDirectory(tmp, "h2"))
        : TestDatabases.postgres();
  }

  private static Database open(TestDatabases.Target t) {
    return Database.open(t.url(), t.user(), t.password());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void freshMigrateAppliesEveryScriptAndRerunIsANoOp(String kind) throws Exception {
    TestDatabases.Target t = target(kind);
    int known;
    try (Database db = open(t)) {
      known = new Migrator(db).scripts().size();
      assertEquals(known, db.migrationsApplied(), "a fresh database gets every migration");
      assertEquals(known, historyVersions(db).size());
      new InstanceMeta(db).recordStart();
    }
    try (Database db = open(t)) {
      assertEquals(0, db.migrationsApplied(), "re-running migrations on a current database changes nothing");
      assertEquals(known, historyVersions(db).size());
      assertEquals("1", new InstanceMeta(db).get("start_count").orElseThrow(), "data survives a reopen");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void editedMigrationIsRefused(String kind) throws Exception {
    TestDatabases.Target t = target(kind);
    try (Database db = open(t)) {
      exec(db, "UPDATE schema_history SET checksum = '" + "0".repeat(64) + "' WHERE version = 1");
    }
    StorageException e = assertThrows(StorageException.class, () -> open(t).close());
    assertTrue(e.getMessage().contains("was changed after it was applied"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void databaseFromNewerReleaseIsRefused(String kind) throws Exception {
    TestDatabases.Target t = target(kind);
    try (Database db = open(t)) {
      exec(db, "INSERT INTO schema_history(version, description, checksum, execution_ms) VALUES (999, 'future', '"
          + "f".repeat(64) + "', 1)");
    }
    StorageException e = assertThrows(StorageException.class, () -> open(t).close());
    assertTrue(e.getMessage().contains("newer ironclaw4j"), e.getMessage());
  }

  @Test
  void everyScriptInTheSourceFolderIsListedInTheIndex() throws IOException {
    Path dir = Path.of("src/main/resources/db/migration");
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sql"))
          .map(n -> n.replaceAll("\\.(h2|postgresql)\\.sql$", ".sql"))
          .distinct()
          .sorted()
          .toList();
    }
    List<String> index = Files.readAllLines(dir.resolve("index.txt")).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .sorted()
        .toList();
    assertEquals(files, index);
  }

  @Test
  void splitKeepsSemicolonsInsideQuotes() {
    assertEquals(
        List.of("INSERT INTO t VALUES ('a;\nb')", "SELECT 1"),
        Migrator.split("-- comment\nINSERT INTO t VALUES ('a;\nb');\n\nSELECT 1;\n"));
  }

  private static List<Integer> historyVersions(Database db) {
    return db.inTransaction(c -> {
      List<Integer> out = new java.util.ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT version FROM schema_history ORDER BY version")) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
      return out;
    });
  }

  private static void exec(Database db, String sql) {
    db.inTransaction((Connection c) -> {
      try (Statement st = c.createStatement()) {
        st.execute(sql);
      }
      return null;
    });
  }

}
