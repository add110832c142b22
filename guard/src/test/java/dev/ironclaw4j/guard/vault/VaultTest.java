package dev.ironclaw4j.guard.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.redact.RedactionHook;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VaultTest {
  static final String PASS = "correct horse battery staple";
  static final SecretBinding GITHUB = SecretBinding.parse("https://api.github.com/* GET,POST", new Injection.Bearer());

  InMemoryVaultStore store;
  RedactionHook hook;
  List<Integer> delaysAskedFor;

  @BeforeEach
  void setUp() {
    store = new InMemoryVaultStore();
    hook = new RedactionHook();
    delaysAskedFor = new ArrayList<>();
  }

  Vault vault() {
    return vault(Clock.systemUTC());
  }

  Vault vault(Clock clock) {
    Vault.Options o = Vault.Options.defaults().withKdf(Argon2Params.insecureForTestsOnly()).withClock(clock)
        .withFailureDelay(n -> {
          delaysAskedFor.add(n);
          return Vault.defaultFailureDelay(n);
        }, d -> {});
    return new Vault(store, hook, o);
  }

  static String randomValue() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return "tok_" + HexFormat.of().formatHex(b);
  }

  static SecretValue value(String name, String v) {
    return SecretValue.of(name, v.getBytes(StandardCharsets.UTF_8));
  }

  static String plain(SecretValue v) {
    return new String(v.insecureBytes(InsecureSecretAccess.get()), StandardCharsets.UTF_8);
  }

  Vault initWith(String... namesAndValues) {
    Vault v = vault();
    v.initialize(KekSource.passphrase(PASS.toCharArray()));
    for (int i = 0; i < namesAndValues.length; i += 2) {
      v.set(namesAndValues[i], value(namesAndValues[i], namesAndValues[i + 1]), List.of(GITHUB), null);
    }
    v.close();
    return v;
  }

  Vault unlocked() {
    Vault v = vault();
    v.unlock(KekSource.passphrase(PASS.toCharArray()));
    return v;
  }

  @Test
  void setThenResolveAfterReopen() {
    String a = randomValue();
    initWith("A", a);
    try (Vault v = unlocked()) {
      SecretLookup.Resolved r = v.resolve("A").orElseThrow();
      assertEquals(a, plain(r.value()));
      assertEquals(List.of(GITHUB), r.bindings());
      assertEquals(List.of("A"), v.names());
      assertTrue(v.resolve("NOPE").isEmpty());
    }
  }

  @Test
  void wrongPassphraseFailsClosed() {
    initWith("A", randomValue());
    VaultMeta metaBefore = store.meta().orElseThrow();
    List<VaultRecord> before = store.records();
    Vault v = vault();
    VaultException e = assertThrows(VaultException.class, () -> v.unlock(KekSource.passphrase("wrong passphrase!".toCharArray())));
    assertEquals("wrong-passphrase", e.reason());
    assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
    assertFalse(v.isUnlocked());
    assertEquals(List.of(), v.current());
    assertThrows(VaultException.class, () -> v.resolve("A"));
    assertEquals("hello world", hook.redact("hello world"));
    VaultMeta metaAfter = store.meta().orElseThrow();
    assertArrayEquals(metaBefore.encryptedKeyset(), metaAfter.encryptedKeyset());
    assertArrayEquals(metaBefore.manifest(), metaAfter.manifest());
    assertArrayEquals(metaBefore.verifier(), metaAfter.verifier());
    assertEquals(before.size(), store.records().size());
    assertArrayEquals(before.getFirst().ciphertext(), store.records().getFirst().ciphertext());
    assertEquals(1, store.failures.size(), "the failed attempt is recorded");
    assertEquals(1, v.status().recentUnlockFailures());
  }

  @Test
  void repeatedFailuresSlowDown() {
    initWith("A", randomValue());
    Vault v = vault();
    for (int i = 0; i < 4; i++) {
      assertThrows(VaultException.class, () -> v.unlock(KekSource.passphrase("not the passphrase".toCharArray())));
    }
    assertEquals(List.of(0, 1, 2, 3), delaysAskedFor);
    assertEquals(Duration.ZERO, Vault.defaultFailureDelay(0));
    assertTrue(Vault.defaultFailureDelay(2).compareTo(Vault.defaultFailureDelay(1)) > 0);
    assertEquals(Duration.ofSeconds(5), Vault.defaultFailureDelay(30));
    v.unlock(KekSource.passphrase(PASS.toCharArray()));
    assertTrue(v.isUnlocked());
  }

  @Test
  void tamperedCiphertextIsDetected() {
    String a = randomValue();
    String b = randomValue();
    initWith("A", a, "B", b);
    VaultRecord r = store.get("A");
    byte[] ct = r.ciphertext().clone();
    ct[ct.length / 2] ^= 1;
    store.overwrite(copy(r, r.version(), ct, r.bindings()));
    try (Vault v = unlocked()) {
      VaultException e = assertThrows(VaultException.class, () -> v.resolve("A"));
      assertEquals("tampered", e.reason());
      assertEquals("A", e.secretName());
      assertTrue(e.getMessage().contains("secret A"), e.getMessage());
      assertEquals(b, plain(v.resolve("B").orElseThrow().value()), "other records stay readable");
      assertEquals(SecretInfo.State.TAMPERED, v.list().stream().filter(i -> i.name().equals("A")).findFirst().orElseThrow().state());
    }
    byte[] truncated = java.util.Arrays.copyOf(r.ciphertext(), r.ciphertext().length - 3);
    store.overwrite(copy(r, r.version(), truncated, r.bindings()));
    try (Vault v = unlocked()) {
      assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("A")).reason());
      assertEquals(b, plain(v.resolve("B").orElseThrow().value()));
    }
  }

  @Test
  void ciphertextSwappedBetweenNamesIsDetected() {
    initWith("A", randomValue(), "B", randomValue());
    VaultRecord a = store.get("A");
    VaultRecord b = store.get("B");
    // Swap the ciphertexts, keeping each row's own name and version.
    store.overwrite(copy(a, a.version(), b.ciphertext(), a.bindings()));
    store.overwrite(copy(b, b.version(), a.ciphertext(), b.bindings()));
    try (Vault v = unlocked()) {
      assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("A")).reason());
      assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("B")).reason());
    }
    // Swap whole rows too (version and ciphertext moved under the other name).
    store.overwrite(copy(a, b.version(), b.ciphertext(), b.bindings()));
    store.overwrite(copy(b, a.version(), a.ciphertext(), a.bindings()));
    try (Vault v = unlocked()) {
      assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("A")).reason());
      assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("B")).reason());
    }
  }

  @Test
  void rolledBackRecordIsDetected() {
    String old = randomValue();
    String fresh = randomValue();
    String other = randomValue();
    initWith("A", old, "B", other);
    VaultRecord oldRow = store.get("A");
    try (Vault v = unlocked()) {
      v.set("A", value("A", fresh), List.of(GITHUB), null);
    }
    store.overwrite(oldRow);
    try (Vault v = unlocked()) {
      VaultException e = assertThrows(VaultException.class, () -> v.resolve("A"));
      assertEquals("tampered", e.reason());
      assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
      assertEquals(other, plain(v.resolve("B").orElseThrow().value()));
    }
  }

  @Test
  void deletedAndRecreatedSecretCannotBeRolledBackToTheOldValue() {
    initWith("A", randomValue());
    VaultRecord oldRow = store.get("A");
    try (Vault v = unlocked()) {
      assertTrue(v.remove("A"));
      v.set("A", value("A", randomValue()), List.of(GITHUB), null);
    }
    store.overwrite(oldRow);
    try (Vault v = unlocked()) {
      assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("A")).reason());
    }
  }

  @Test
  void bindingsEditedInTheStoreAreDetected() {
    initWith("A", randomValue());
    VaultRecord r = store.get("A");
    store.overwrite(copy(r, r.version(), r.ciphertext(), "https://evil.example/*\t*\tbearer\n"));
    try (Vault v = unlocked()) {
      assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("A")).reason());
    }
  }

  @Test
  void redactorRemovesValuesWhileUnlockedOnly() {
    String a = randomValue();
    initWith("A", a);
    Vault v = unlocked();
    assertEquals("token=[REDACTED:A] end", hook.redact("token=" + a + " end"));
    String b64 = java.util.Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.UTF_8));
    String hex = HexFormat.of().formatHex(a.getBytes(StandardCharsets.UTF_8));
    assertFalse(hook.redact(b64 + " " + hex).contains(b64));
    assertFalse(hook.redact(b64 + " " + hex).contains(hex));
    SecretValue held = v.current().getFirst();
    v.close();
    assertEquals("token=" + a, hook.redact("token=" + a), "unregistered on close");
    assertThrows(IllegalStateException.class, () -> held.insecureBytes(InsecureSecretAccess.get()), "wiped on close");
    assertEquals(List.of(), v.current());
  }

  @Test
  void expiredSecretIsNotResolved() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Vault v = vault(Clock.fixed(t0, ZoneOffset.UTC));
    v.initialize(KekSource.passphrase(PASS.toCharArray()));
    v.set("A", value("A", randomValue()), List.of(GITHUB), t0.plusSeconds(60));
    assertTrue(v.resolve("A").isPresent());
    v.close();
    Vault later = vault(Clock.fixed(t0.plusSeconds(61), ZoneOffset.UTC));
    later.unlock(KekSource.passphrase(PASS.toCharArray()));
    assertTrue(later.resolve("A").isEmpty());
    assertEquals(List.of(), later.names());
    assertEquals(1, later.current().size(), "still known to the leak detector");
    assertEquals(SecretInfo.State.EXPIRED, later.list().getFirst().state());
  }

  @Test
  void passwdReEncryptsOnlyTheKeyset() {
    String a = randomValue();
    initWith("A", a);
    List<VaultRecord> before = store.records();
    byte[] manifest = store.meta().orElseThrow().manifest();
    try (Vault v = unlocked()) {
      v.changeKek(KekSource.passphrase("a brand new passphrase".toCharArray()));
    }
    assertArrayEquals(before.getFirst().ciphertext(), store.records().getFirst().ciphertext());
    assertArrayEquals(manifest, store.meta().orElseThrow().manifest());
    assertEquals("wrong-passphrase", assertThrows(VaultException.class,
        () -> vault().unlock(KekSource.passphrase(PASS.toCharArray()))).reason());
    try (Vault v = vault()) {
      v.unlock(KekSource.passphrase("a brand new passphrase".toCharArray()));
      assertEquals(a, plain(v.resolve("A").orElseThrow().value()));
    }
  }

  @Test
  void rotateReEncryptsEveryRecordUnderANewKey() {
    String a = randomValue();
    String b = randomValue();
    initWith("A", a, "B", b);
    List<VaultRecord> before = store.records();
    byte[] keyset = store.meta().orElseThrow().encryptedKeyset();
    try (Vault v = unlocked()) {
      assertEquals(2, v.rotate());
      assertEquals(a, plain(v.resolve("A").orElseThrow().value()));
      v.set("C", value("C", randomValue()), List.of(), null);
    }
    assertFalse(java.util.Arrays.equals(keyset, store.meta().orElseThrow().encryptedKeyset()));
    for (int i = 0; i < 2; i++) {
      assertFalse(java.util.Arrays.equals(before.get(i).ciphertext(), store.records().get(i).ciphertext()));
    }
    try (Vault v = unlocked()) {
      assertEquals(a, plain(v.resolve("A").orElseThrow().value()));
      assertEquals(b, plain(v.resolve("B").orElseThrow().value()));
      assertEquals(3, v.names().size());
    }
    // An old record restored after rotation is encrypted under a key that no longer exists.
    store.overwrite(before.getFirst());
    try (Vault v = unlocked()) {
      assertEquals("tampered", assertThrows(VaultException.class, () -> v.resolve("A")).reason());
    }
  }

  @Test
  void badValuesAndNamesAreRefusedWithoutEchoingTheValue() {
    try (Vault v = vault()) {
      v.initialize(KekSource.passphrase(PASS.toCharArray()));
      VaultException e = assertThrows(VaultException.class,
          () -> v.set("A", value("A", "abcdefgh\r\nX-Evil: 1"), List.of(), null));
      assertEquals("bad-value", e.reason());
      assertFalse(e.getMessage().contains("abcdefgh"));
      assertEquals("bad-value", assertThrows(VaultException.class, () -> v.set("A", value("A", "short"), List.of(), null)).reason());
      assertEquals("bad-name", assertThrows(VaultException.class, () -> v.set("a b", value("x", randomValue()), List.of(), null)).reason());
      assertEquals("unknown-secret", assertThrows(VaultException.class, () -> v.rebind("NOPE", List.of())).reason());
    }
  }

  @Test
  void weakPassphraseAndDoubleInitAreRefused() {
    Vault v = vault();
    assertEquals("weak-passphrase", assertThrows(VaultException.class,
        () -> v.initialize(KekSource.passphrase("short".toCharArray()))).reason());
    assertFalse(v.isInitialized());
    v.initialize(KekSource.passphrase(PASS.toCharArray()));
    assertEquals("already-initialized", assertThrows(VaultException.class,
        () -> vault().initialize(KekSource.passphrase(PASS.toCharArray()))).reason());
  }

  @Test
  void rebindChangesBindingsAndKeepsTheValue() {
    String a = randomValue();
    initWith("A", a);
    SecretBinding other = SecretBinding.parse("https://api.example.com/v1/*", Injection.parse("header:X-Api-Key"));
    try (Vault v = unlocked()) {
      v.rebind("A", List.of(other));
    }
    try (Vault v = unlocked()) {
      SecretLookup.Resolved r = v.resolve("A").orElseThrow();
      assertEquals(a, plain(r.value()));
      assertEquals(List.of(other), r.bindings());
    }
  }

  @Test
  void recordUseCountsAndVersionChanges() {
    initWith("A", randomValue());
    try (Vault v = unlocked()) {
      long v0 = v.version();
      v.recordUse("A");
      v.recordUse("A");
      assertEquals(2, v.list().getFirst().useCount());
      assertEquals(v0, v.version(), "bookkeeping does not change the set of values");
      v.lock();
      assertTrue(v.version() > v0);
    }
  }

  static VaultRecord copy(VaultRecord r, long version, byte[] ct, String bindings) {
    return new VaultRecord(r.name(), version, ct, bindings, r.expiresAt(), r.createdAt(), r.updatedAt(), r.lastUsedAt(), r.useCount());
  }
}
