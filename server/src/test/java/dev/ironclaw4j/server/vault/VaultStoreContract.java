package dev.ironclaw4j.server.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.redact.RedactionHook;
import dev.ironclaw4j.guard.vault.Argon2Params;
import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.InsecureSecretAccess;
import dev.ironclaw4j.guard.vault.KekSource;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretInfo;
import dev.ironclaw4j.guard.vault.SecretValue;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.guard.vault.VaultException;
import dev.ironclaw4j.guard.vault.VaultMeta;
import dev.ironclaw4j.guard.vault.VaultRecord;
import dev.ironclaw4j.guard.vault.VaultStore;
import dev.ironclaw4j.server.storage.Database;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The vault on a real database: the JDBC store's round trips, and the crash and tamper properties
 * that depend on the database's transactions. Run against H2 and PostgreSQL by the subclasses.
 */
abstract class VaultStoreContract {
  static final String PASS = "a long enough test passphrase";
  static final SecretBinding GITHUB = SecretBinding.parse("https://api.github.com/* GET,POST", new Injection.Bearer());

  /** Opens (and migrates) this test's database; every call opens the same data afresh, as after a restart. */
  abstract Database openDatabase();

  static String randomValue() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return "tok_" + HexFormat.of().formatHex(b);
  }

  static Vault vault(VaultStore store) {
    return new Vault(store, new RedactionHook(),
        Vault.Options.defaults().withKdf(Argon2Params.insecureForTestsOnly()).withFailureDelay(n -> Duration.ZERO, d -> {}));
  }

  static String plain(SecretValue v) {
    return new String(v.insecureBytes(InsecureSecretAccess.get()), StandardCharsets.UTF_8);
  }

  static SecretValue value(String name, String v) {
    return SecretValue.of(name, v.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates a vault holding the given secrets, closing everything afterwards. */
  void create(Map<String, String> secrets) {
    try (Database db = openDatabase(); Vault v = vault(new JdbcVaultStore(db))) {
      v.initialize(KekSource.passphrase(PASS.toCharArray()));
      secrets.forEach((k, val) -> v.set(k, value(k, val), List.of(GITHUB), null));
    }
  }

  /** Re-opens the database from scratch and reads every secret. */
  Map<String, String> reopenAndReadAll() {
    try (Database db = openDatabase(); Vault v = vault(new JdbcVaultStore(db))) {
      v.unlock(KekSource.passphrase(PASS.toCharArray()));
      for (SecretInfo i : v.list()) {
        assertEquals(SecretInfo.State.OK, i.state(), i.name() + ": " + i.problem());
      }
      Map<String, String> out = new TreeMap<>();
      for (String n : v.names()) {
        out.put(n, plain(v.resolve(n).orElseThrow().value()));
      }
      return out;
    }
  }

  // ---- the store itself -------------------------------------------------------------------------

  @Test
  void storeRoundTripsMetaAndRecords() {
    try (Database db = openDatabase()) {
      JdbcVaultStore store = new JdbcVaultStore(db);
      assertTrue(store.meta().isEmpty());
      Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      VaultMeta meta = new VaultMeta(1, "passphrase", "argon2id:m=256,t=1,p=1", new byte[] {1, 2}, new byte[300],
          new byte[] {3}, new byte[] {4, 5, 6}, t, t);
      VaultRecord r = new VaultRecord("A", 7, new byte[] {9, 8, 7, 0, -1}, "x\ty\tbearer\n", null, t, t, null, 0);
      store.inTransaction(w -> {
        assertTrue(w.lockMeta().isEmpty());
        w.putMeta(meta);
        w.putRecord(r);
        w.putRecord(new VaultRecord("B", 8, new byte[] {1}, "", t.plusSeconds(5), t, t, t, 3));
        return null;
      });
      VaultMeta m = store.meta().orElseThrow();
      assertEquals("argon2id:m=256,t=1,p=1", m.kdfParams());
      assertArrayEquals(meta.encryptedKeyset(), m.encryptedKeyset());
      assertArrayEquals(meta.manifest(), m.manifest());
      assertEquals(t, m.createdAt());
      List<VaultRecord> all = store.records();
      assertEquals(List.of("A", "B"), all.stream().map(VaultRecord::name).toList());
      assertArrayEquals(r.ciphertext(), all.get(0).ciphertext());
      assertEquals(r.bindings(), all.get(0).bindings());
      assertNull(all.get(0).expiresAt());
      assertNull(all.get(0).lastUsedAt());
      assertEquals(t.plusSeconds(5), all.get(1).expiresAt());
      assertEquals(3, all.get(1).useCount());
      // upsert, use, delete
      store.inTransaction(w -> {
        w.putRecord(new VaultRecord("A", 9, new byte[] {1}, "", null, t, t, null, 0));
        w.putMeta(new VaultMeta(1, "key-file", "none", new byte[] {1}, new byte[] {2}, new byte[] {3}, new byte[] {4}, t, t));
        return null;
      });
      assertEquals(9, store.records().getFirst().version());
      assertEquals("key-file", store.meta().orElseThrow().kekMode());
      store.recordUse("A", t);
      store.recordUse("A", t);
      assertEquals(2, store.records().getFirst().useCount());
      assertEquals(t, store.records().getFirst().lastUsedAt());
      assertTrue(store.<Boolean>inTransaction(w -> w.deleteRecord("A")));
      assertFalse(store.<Boolean>inTransaction(w -> w.deleteRecord("A")));
      assertEquals(1, store.records().size());
    }
  }

  @Test
  void storeTransactionRollsBackOnFailure() {
    try (Database db = openDatabase()) {
      JdbcVaultStore store = new JdbcVaultStore(db);
      Instant t = Instant.now();
      assertThrows(IllegalStateException.class, () -> store.inTransaction(w -> {
        w.putRecord(new VaultRecord("A", 1, new byte[] {1}, "", null, t, t, null, 0));
        throw new IllegalStateException("boom");
      }));
      assertEquals(List.of(), store.records());
    }
  }

  @Test
  void unlockFailuresAreCountedByTime() {
    try (Database db = openDatabase()) {
      JdbcVaultStore store = new JdbcVaultStore(db);
      Instant now = Instant.now();
      store.recordUnlockFailure(now.minus(Duration.ofHours(1)), "passphrase", "wrong-passphrase");
      store.recordUnlockFailure(now, "passphrase", "wrong-passphrase");
      assertEquals(1, store.unlockFailuresSince(now.minus(Vault.FAILURE_WINDOW)));
      assertEquals(2, store.unlockFailuresSince(now.minus(Duration.ofDays(1))));
    }
  }

  // ---- the vault on it --------------------------------------------------------------------------

  @Test
  void wrongPassphraseFailsClosed() {
    create(Map.of("A", randomValue()));
    try (Database db = openDatabase()) {
      JdbcVaultStore store = new JdbcVaultStore(db);
      VaultMeta before = store.meta().orElseThrow();
      List<VaultRecord> recordsBefore = store.records();
      Vault v = vault(store);
      VaultException e = assertThrows(VaultException.class, () -> v.unlock(KekSource.passphrase("the wrong passphrase".toCharArray())));
      assertEquals("wrong-passphrase", e.reason());
      assertFalse(v.isUnlocked());
      VaultMeta after = store.meta().orElseThrow();
      assertArrayEquals(before.encryptedKeyset(), after.encryptedKeyset());
      assertArrayEquals(before.manifest(), after.manifest());
      assertEquals(before.updatedAt(), after.updatedAt());
      assertArrayEquals(recordsBefore.getFirst().ciphertext(), store.records().getFirst().ciphertext());
      assertEquals(1, store.unlockFailuresSince(Instant.now().minus(Vault.FAILURE_WINDOW)));
    }
  }

  @Test
  void tamperedCiphertextIsDetected() {
    String b = randomValue();
    create(Map.of("A", randomValue(), "B", b));
    try (Database db = openDatabase()) {
      byte[] ct = new JdbcVaultStore(db).records().getFirst().ciphertext();
      ct[ct.length - 1] ^= 0x40;
      db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE vault_secrets SET ciphertext = ? WHERE name = 'A'")) {
          ps.setBytes(1, ct);
          return ps.executeUpdate();
        }
      });
      try (Vault v = vault(new JdbcVaultStore(db))) {
        v.unlock(KekSource.passphrase(PASS.toCharArray()));
        VaultException e = assertThrows(VaultException.class, () -> v.resolve("A"));
        assertEquals("tampered", e.reason());
        assertTrue(e.getMessage().contains("secret A"), e.getMessage());
        assertEquals(b, plain(v.resolve("B").orElseThrow().value()));
      }
    }
  }

  @Test
  void ciphertextSwappedBetweenNamesIsDetected() {
    create(Map.of("A", randomValue(), "B", randomValue()));
    try (Database db = openDatabase()) {
      db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE vault_secrets SET ciphertext ="
            + " (SELECT s.ciphertext FROM vault_secrets s WHERE s.name <> vault_secrets.name)")) {
          return ps.executeUpdate();
        }
      });
      try (Vault v = vault(new JdbcVaultStore(db))) {
        v.unlock(KekSource.passphrase(PASS.toCharArray()));
        assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("A")).reason());
        assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("B")).reason());
      }
    }
  }

  @Test
  void rolledBackRecordIsDetected() {
    create(Map.of("A", randomValue()));
    try (Database db = openDatabase()) {
      VaultRecord old = new JdbcVaultStore(db).records().getFirst();
      try (Vault v = vault(new JdbcVaultStore(db))) {
        v.unlock(KekSource.passphrase(PASS.toCharArray()));
        v.set("A", value("A", randomValue()), List.of(GITHUB), null);
      }
      db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE vault_secrets SET ciphertext = ?, version = ? WHERE name = 'A'")) {
          ps.setBytes(1, old.ciphertext());
          ps.setLong(2, old.version());
          return ps.executeUpdate();
        }
      });
      try (Vault v = vault(new JdbcVaultStore(db))) {
        v.unlock(KekSource.passphrase(PASS.toCharArray()));
        assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("A")).reason());
      }
    }
  }

  /** Throws after a number of writes inside a transaction, like a process dying between two statements. */
  static final class CrashingStore implements VaultStore {
    static final class SimulatedCrash extends RuntimeException {
      private static final long serialVersionUID = 1L;

      SimulatedCrash() {
        super("simulated crash between writes");
      }
    }

    private final VaultStore delegate;
    private final Runnable crash;
    private int writesLeft;

    CrashingStore(VaultStore delegate, int writesBeforeCrash) {
      this(delegate, writesBeforeCrash, () -> {
        throw new SimulatedCrash();
      });
    }

    /** With a crash of one's choice, e.g. halting the JVM. */
    CrashingStore(VaultStore delegate, int writesBeforeCrash, Runnable crash) {
      this.delegate = delegate;
      this.writesLeft = writesBeforeCrash;
      this.crash = crash;
    }

    private void write() {
      if (writesLeft-- <= 0) {
        crash.run();
      }
    }

    @Override
    public <T> T inTransaction(Function<Writer, T> work) {
      return delegate.inTransaction(w -> work.apply(new Writer() {
        @Override
        public Optional<VaultMeta> lockMeta() {
          return w.lockMeta();
        }

        @Override
        public List<VaultRecord> records() {
          return w.records();
        }

        @Override
        public void putMeta(VaultMeta meta) {
          write();
          w.putMeta(meta);
        }

        @Override
        public void putRecord(VaultRecord record) {
          write();
          w.putRecord(record);
        }

        @Override
        public boolean deleteRecord(String name) {
          write();
          return w.deleteRecord(name);
        }
      }));
    }

    @Override
    public Optional<VaultMeta> meta() {
      return delegate.meta();
    }

    @Override
    public List<VaultRecord> records() {
      return delegate.records();
    }

    @Override
    public void recordUse(String name, Instant at) {
      delegate.recordUse(name, at);
    }

    @Override
    public void recordUnlockFailure(Instant at, String method, String reason) {
      delegate.recordUnlockFailure(at, method, reason);
    }

    @Override
    public int unlockFailuresSince(Instant since) {
      return delegate.unlockFailuresSince(since);
    }
  }

  @Test
  void crashMidRotateLeavesReadableVault() {
    Map<String, String> secrets = Map.of("A", randomValue(), "B", randomValue(), "C", randomValue());
    create(secrets);
    int writes = secrets.size() + 1; // every record, then the metadata
    for (int allowed = 0; allowed <= writes; allowed++) {
      byte[] keysetBefore;
      try (Database db = openDatabase()) {
        keysetBefore = new JdbcVaultStore(db).meta().orElseThrow().encryptedKeyset();
        try (Vault v = vault(new CrashingStore(new JdbcVaultStore(db), allowed))) {
          v.unlock(KekSource.passphrase(PASS.toCharArray()));
          if (allowed < writes) {
            assertThrows(CrashingStore.SimulatedCrash.class, v::rotate, "crash after " + allowed + " writes");
          } else {
            assertEquals(3, v.rotate());
          }
        }
      }
      assertEquals(new TreeMap<>(secrets), reopenAndReadAll(), "after a crash following " + allowed + " writes");
      try (Database db = openDatabase()) {
        byte[] keysetAfter = new JdbcVaultStore(db).meta().orElseThrow().encryptedKeyset();
        assertEquals(allowed == writes, !java.util.Arrays.equals(keysetBefore, keysetAfter),
            "the key set changes exactly when the rotation completed (" + allowed + " writes)");
      }
    }
  }

  @Test
  void crashMidSetLeavesOldOrNewValue() {
    String old = randomValue();
    String other = randomValue();
    create(Map.of("A", old, "B", other));
    int writes = 2; // the record, then the manifest in the metadata
    for (int allowed = 0; allowed <= writes; allowed++) {
      String fresh = randomValue();
      boolean crashed;
      try (Database db = openDatabase(); Vault v = vault(new CrashingStore(new JdbcVaultStore(db), allowed))) {
        v.unlock(KekSource.passphrase(PASS.toCharArray()));
        try {
          v.set("A", value("A", fresh), List.of(GITHUB), null);
          crashed = false;
        } catch (CrashingStore.SimulatedCrash e) {
          crashed = true;
        }
      }
      Map<String, String> after = reopenAndReadAll();
      assertEquals(allowed < writes, crashed);
      assertEquals(crashed ? old : fresh, after.get("A"), "after a crash following " + allowed + " writes");
      assertEquals(other, after.get("B"));
      if (allowed < writes) {
        // A brand-new secret interrupted the same way is absent, not half there.
        try (Database db = openDatabase(); Vault v = vault(new CrashingStore(new JdbcVaultStore(db), allowed))) {
          v.unlock(KekSource.passphrase(PASS.toCharArray()));
          assertThrows(CrashingStore.SimulatedCrash.class, () -> v.set("NEW", value("NEW", randomValue()), List.of(), null));
        }
        assertFalse(reopenAndReadAll().containsKey("NEW"));
      }
      old = after.get("A");
    }
  }
}
