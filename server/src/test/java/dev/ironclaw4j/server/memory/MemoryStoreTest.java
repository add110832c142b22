package dev.ironclaw4j.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The memory store and its derived index, for real on H2 and on PostgreSQL. */
class MemoryStoreTest {
  @TempDir Path tmp;

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  private Database open(String kind) throws IOException {
    TestDatabases.Target t = kind.equals("h2")
        ? TestDatabases.h2(Files.createDirectories(tmp.resolve("db")))
        : TestDatabases.postgres();
    return Database.open(t.url(), t.user(), t.password());
  }

  private Memory memory(Database db, Embedder e) {
    return Memory.open(db, tmp.resolve("index"), e, TestScanners.leaks(), MemoryOptions.defaults());
  }

  private static Embedder hashing() {
    return TestScanners.hashing("test-hash", 64);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void writeReadTreeSearchDelete(String kind) throws Exception {
    try (Database db = open(kind); Memory m = memory(db, hashing())) {
      assertTrue(m.write("notes/build.md", "# Build\n\nRun the maven wrapper with JDK 25.\n", "user", Trust.TRUSTED).created());
      m.write("daily/2026-11-23.md", "Fixed the flaky egress test.\n", "agent", Trust.TRUSTED);
      m.write("notes/web.md", "A page said: the release is on Friday.\n", "https://example.org/a", Trust.UNTRUSTED);
      assertFalse(m.write("notes/build.md", "# Build\n\nRun ./mvnw with JDK 25.\n", "user", Trust.TRUSTED).created());

      MemoryDocument d = m.read("notes/web.md").orElseThrow();
      assertEquals("https://example.org/a", d.provenance());
      assertEquals(Trust.UNTRUSTED, d.trust());
      assertEquals("# Build\n\nRun ./mvnw with JDK 25.\n", m.read("notes/build.md").orElseThrow().content());
      assertEquals(List.of("notes/build.md", "notes/web.md"), m.tree("notes/", 100).stream().map(DocumentInfo::path).toList());
      assertEquals(3, m.tree("", 100).size());

      List<SearchHit> hits = m.search("mvnw JDK", 5);
      assertEquals("notes/build.md", hits.getFirst().path());
      assertEquals(1, hits.getFirst().startLine());
      assertEquals(3, hits.getFirst().endLine());
      assertEquals(1, hits.getFirst().bm25Rank());
      assertTrue(hits.getFirst().vectorRank() >= 1);
      SearchHit web = m.search("release Friday", 5).getFirst();
      assertEquals(Trust.UNTRUSTED, web.trust());
      assertEquals("https://example.org/a", web.provenance());

      assertTrue(m.delete("notes/build.md"));
      assertFalse(m.delete("notes/build.md"));
      assertTrue(m.read("notes/build.md").isEmpty());
      assertTrue(m.search("mvnw", 5).stream().noneMatch(h -> h.path().equals("notes/build.md")));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void secretInContentIsRefusedAndNeverStored(String kind) throws Exception {
    String token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    try (Database db = open(kind); Memory m = memory(db, hashing())) {
      MemoryException e = assertThrows(MemoryException.class,
          () -> m.write("notes/ci.md", "CI token is " + token + " keep it safe", "agent", Trust.TRUSTED));
      assertEquals("secret-refused", e.reason());
      assertFalse(e.getMessage().contains(token), "the refusal never repeats the secret");
      assertEquals("secret-refused", assertThrows(MemoryException.class,
          () -> m.write("notes/x.md", "fine", "tool:" + TestScanners.KNOWN_SECRET, Trust.TRUSTED)).reason());
      assertTrue(m.read("notes/ci.md").isEmpty());
      assertEquals(0, m.search("token safe", 10).size());
      for (String table : List.of("memory_documents", "memory_chunks", "memory_changes", "memory_meta")) {
        assertEquals(0, rowsContaining(db, table, "ghp_"), table);
      }
      assertEquals(0, rowsContaining(db, "memory_documents", "horse-battery"));
    }
    if (kind.equals("h2")) {
      try (Stream<Path> files = Files.walk(tmp)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertFalse(bytes.contains("a1B2c3D4e5F6"), "secret found in " + f);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void crashBetweenDatabaseCommitAndIndexLosesNothing(String kind) throws Exception {
    try (Database db = open(kind)) {
      try (Memory m = memory(db, hashing())) {
        m.write("notes/first.md", "the first note about gardening\n", "user", Trust.TRUSTED);
        m.afterCommit = () -> {
          throw new IllegalStateException("simulated crash after the database commit");
        };
        assertThrows(IllegalStateException.class,
            () -> m.write("notes/second.md", "the second note about zeppelins\n", "user", Trust.TRUSTED));
        assertEquals(1, m.indexedChunks(), "the index never saw the second write");
      }
      try (Memory m = memory(db, hashing())) {
        assertTrue(m.read("notes/second.md").isPresent(), "the committed document survived");
        assertEquals("notes/second.md", m.search("zeppelins", 5).getFirst().path(), "and is searchable again");
        assertEquals(2, m.indexedChunks());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void reindexReproducesTheSameResults(String kind) throws Exception {
    // BM25 statistics count replaced chunks until Lucene merges them away, so the incrementally built
    // index may score a little differently; what must hold is that a rebuild from the database is
    // deterministic: reindexing again, or rebuilding into an empty folder, gives identical results.
    List<String> queries = List.of("topic 4 item", "colour 2", "note 17", "second paragraph");
    List<List<SearchHit>> rebuilt;
    try (Database db = open(kind)) {
      try (Memory m = memory(db, hashing())) {
        for (int i = 0; i < 30; i++) {
          m.write("notes/n" + i + ".md", "# Note " + i + "\n\nabout topic " + (i % 7) + " and item " + i
              + "\n\nsecond paragraph mentions colour " + (i % 3) + "\n", "user", Trust.TRUSTED);
        }
        m.write("notes/n5.md", "# Note 5\n\nrewritten about topic 4\n", "user", Trust.TRUSTED);
        m.delete("notes/n3.md");
        int chunks = m.indexedChunks();
        assertEquals(chunks, m.reindex());
        rebuilt = queries.stream().map(q -> m.search(q, 10)).toList();
        m.reindex();
        assertEquals(rebuilt, queries.stream().map(q -> m.search(q, 10)).toList());
        assertTrue(rebuilt.getFirst().stream().noneMatch(h -> h.path().equals("notes/n3.md")));
      }
      try (Stream<Path> files = Files.walk(tmp.resolve("index"))) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
      try (Memory m = memory(db, hashing())) {
        assertEquals(rebuilt, queries.stream().map(q -> m.search(q, 10)).toList(), "a lost index is rebuilt the same");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void changedEmbeddingModelOrDimensionTriggersReindex(String kind) throws Exception {
    try (Database db = open(kind)) {
      try (Memory m = memory(db, TestScanners.hashing("model-a", 64))) {
        assertFalse(m.rebuiltOnOpen());
        m.write("notes/a.md", "alpha beta gamma\n", "user", Trust.TRUSTED);
      }
      try (Memory m = memory(db, TestScanners.hashing("model-a", 64))) {
        assertFalse(m.rebuiltOnOpen(), "same model: no rebuild");
      }
      try (Memory m = memory(db, TestScanners.hashing("model-a", 32))) {
        assertTrue(m.rebuiltOnOpen(), "a new dimension rebuilds instead of mixing vectors");
        assertEquals("notes/a.md", m.search("alpha", 3, Memory.Mode.VECTOR).getFirst().path());
      }
      try (Memory m = memory(db, TestScanners.hashing("model-b", 32))) {
        assertTrue(m.rebuiltOnOpen(), "a new model rebuilds too");
      }
      assertEquals("model-b", meta(db, "embedding.model"));
      assertEquals("32", meta(db, "embedding.dimension"));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void everyInputHasALimit(String kind) throws Exception {
    MemoryOptions small = MemoryOptions.defaults();
    try (Database db = open(kind); Memory m = memory(db, hashing())) {
      String atLimit = "x".repeat(small.maxDocumentChars() - 1) + "\n";
      assertEquals(atLimit.length(), small.maxDocumentChars());
      m.write("notes/big.md", atLimit, "user", Trust.TRUSTED);
      assertEquals(atLimit, m.read("notes/big.md").orElseThrow().content());
      assertEquals("too-large", assertThrows(MemoryException.class,
          () -> m.write("notes/big.md", atLimit + "y", "user", Trust.TRUSTED)).reason());
      m.search("q".repeat(small.maxQueryChars()), 1);
      assertEquals("too-large", assertThrows(MemoryException.class,
          () -> m.search("q".repeat(small.maxQueryChars() + 1), 1)).reason());
      assertThrows(MemoryException.class, () -> m.search("x", small.maxResults() + 1));
      for (String bad : List.of("/etc/passwd", "../x", "notes//x", "notes/../x", "a\nb", "x".repeat(513), "notes/")) {
        assertEquals("invalid-path", assertThrows(MemoryException.class,
            () -> m.write(bad, "text", "user", Trust.TRUSTED)).reason(), bad);
      }
    }
  }

  private static int rowsContaining(Database db, String table, String needle) {
    return db.inTransaction(c -> {
      int n = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = ps.executeQuery()) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= cols; i++) {
            String v = rs.getString(i);
            if (v != null && v.contains(needle)) {
              n++;
            }
          }
        }
      }
      return n;
    });
  }

  private static String meta(Database db, String name) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM memory_meta WHERE meta_name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
  }
}
