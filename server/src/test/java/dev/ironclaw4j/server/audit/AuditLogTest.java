package dev.ironclaw4j.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.audit.AuditEvent;
import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hash-chained audit log on real H2 and PostgreSQL: tampering of every kind is detected. */
class AuditLogTest {
  @TempDir static Path tmp;

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  private static Database open(String kind) throws Exception {
    TestDatabases.Target t = kind.equals("h2") ? TestDatabases.h2(Files.createTempDirectory(tmp, "a")) : TestDatabases.postgres();
    return Database.open(t.url(), t.user(), t.password());
  }

  private static AuditLog logWith(Database db, int n) {
    AuditLog log = new AuditLog(new JdbcAuditStore(db), Clock.systemUTC());
    for (int i = 1; i <= n; i++) {
      log.record(new AuditEvent("tool.call", "cli", "s1", i % 2 == 0 ? "http_request" : "echo",
          AuditLog.digest("input " + i), "allowed", "", "policy", List.of("api.example.com"), i, "ok"));
    }
    return log;
  }

  private static void exec(Database db, String sql) {
    db.inTransaction(c -> {
      try (Statement st = c.createStatement()) {
        st.execute(sql);
      }
      return null;
    });
  }

  @ParameterizedTest
  @MethodSource("databases")
  void intactLogVerifiesAndFiltersWork(String kind) throws Exception {
    try (Database db = open(kind)) {
      AuditLog log = logWith(db, 6);
      AuditLog.Verification v = log.verify();
      assertTrue(v.ok(), v.problem().orElse(""));
      assertEquals(6, v.checked());
      List<AuditRecord> http = log.query(new AuditStore.Filter("http_request", null, null, null), 100);
      assertEquals(List.of(2L, 4L, 6L), http.stream().map(AuditRecord::seq).toList());
      assertEquals(List.of(5L, 6L), log.query(AuditStore.Filter.ALL, 2).stream().map(AuditRecord::seq).toList());
      assertEquals(List.of("api.example.com"), http.getFirst().destinations());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void editedRecordMakesVerifyFail(String kind) throws Exception {
    try (Database db = open(kind)) {
      AuditLog log = logWith(db, 5);
      exec(db, "UPDATE audit_log SET decision = 'denied' WHERE seq = 3");
      AuditLog.Verification v = log.verify();
      assertFalse(v.ok());
      assertTrue(v.problem().get().contains("record 3 was edited"), v.problem().get());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void deletedRecordMakesVerifyFail(String kind) throws Exception {
    try (Database db = open(kind)) {
      AuditLog log = logWith(db, 5);
      exec(db, "DELETE FROM audit_log WHERE seq = 2");
      assertTrue(log.verify().problem().get().contains("record 2 is missing"), log.verify().problem().get());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void deletedNewestRecordMakesVerifyFail(String kind) throws Exception {
    try (Database db = open(kind)) {
      AuditLog log = logWith(db, 5);
      exec(db, "DELETE FROM audit_log WHERE seq = 5");
      AuditLog.Verification v = log.verify();
      assertFalse(v.ok());
      assertTrue(v.problem().get().contains("newest records were deleted"), v.problem().get());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void concurrentAppendsFormOneChain(String kind) throws Exception {
    try (Database db = open(kind)) {
      AuditLog log = new AuditLog(new JdbcAuditStore(db), Clock.systemUTC());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<AuditRecord>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        futures.add(pool.submit(() -> log.record(AuditEvent.of("egress.request", "t" + n, "host" + n, "allowed"))));
      }
      for (Future<AuditRecord> f : futures) {
        f.get();
      }
      pool.shutdown();
      AuditLog.Verification v = log.verify();
      assertTrue(v.ok(), v.problem().orElse(""));
      assertEquals(40, v.checked());
    }
  }
}
