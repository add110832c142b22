package dev.ironclaw4j.guard.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import dev.ironclaw4j.guard.redact.RedactionHook;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The vault: secrets encrypted at rest (envelope encryption, see {@link VaultCrypto}), decrypted into
 * memory only while unlocked, handed out only as opaque {@link SecretValue}s to egress
 * ({@link SecretLookup}) and the leak detector ({@link KnownSecrets}). While unlocked it keeps a
 * redactor registered on the log redaction hook that removes every value from every log line.
 *
 * <p>Every change is one store transaction (record and manifest together), so a crash leaves the old
 * or the new state. A record that fails its integrity check is reported by name and never resolved;
 * the other records stay usable. A wrong passphrase changes nothing but the failure log, and recent
 * failures make the next attempt wait longer.
 *
 * <p>A deliberately long class: it is the one place that holds decrypted state, kept together so a
 * reviewer reads it in one sitting.
 */
public final class Vault implements SecretLookup, KnownSecrets, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Vault.class.getName());
  /** Secret names: letters, digits and underscores, starting with a letter or underscore. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  /** Shorter values cannot be reliably found in logs and outputs, so they are refused. */
  public static final int MIN_VALUE_BYTES = 8;
  public static final int MAX_VALUE_BYTES = 64 * 1024;
  /** Failed unlocks younger than this slow down the next attempt. */
  public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

  /** Waits; injectable so tests need not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /**
   * How the vault behaves.
   *
   * @param kdf Argon2id parameters for new passphrases (init, passwd)
   * @param clock time source for created/used/expiry
   * @param failureDelay wait before an unlock attempt, given the number of recent failures
   * @param sleeper how to wait
   */
  public record Options(Argon2Params kdf, Clock clock, IntFunction<Duration> failureDelay, Sleeper sleeper) {
    public Options {
      Objects.requireNonNull(kdf, "kdf");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(failureDelay, "failureDelay");
      Objects.requireNonNull(sleeper, "sleeper");
    }

    public static Options defaults() {
      return new Options(Argon2Params.DEFAULT, Clock.systemUTC(), Vault::defaultFailureDelay, d -> Thread.sleep(d));
    }

    public Options withKdf(Argon2Params p) {
      return new Options(p, clock, failureDelay, sleeper);
    }

    public Options withClock(Clock c) {
      return new Options(kdf, c, failureDelay, sleeper);
    }

    public Options withFailureDelay(IntFunction<Duration> d, Sleeper s) {
      return new Options(kdf, clock, d, s);
    }
  }

  /** No wait after no failure; then 0.5 s, doubling per recent failure, at most 5 s. */
  public static Duration defaultFailureDelay(int recentFailures) {
    if (recentFailures <= 0) {
      return Duration.ZERO;
    }
    long ms = 500L << Math.min(recentFailures - 1, 10);
    return Duration.ofMillis(Math.min(ms, 5_000));
  }

  /** What {@code vault status} shows; available while locked. */
  public record Status(
      boolean initialized,
      boolean unlocked,
      String kekMode,
      String kdfParams,
      int secrets,
      Instant createdAt,
      Instant updatedAt,
      int recentUnlockFailures) {}

  private record Entry(SecretValue value, List<SecretBinding> bindings, Instant expiresAt, long version) {}

  /** Everything held while unlocked; replaced whole on each change. */
  private record Unlocked(
      Aead kek,
      KeysetHandle keyset,
      Aead aead,
      byte[] encryptedKeyset,
      Map<String, Entry> entries,
      Map<String, VaultException> tampered,
      ValueRedactor redactor) {}

  private final VaultStore store;
  private final RedactionHook hook;
  private final Options options;
  private final AtomicLong version = new AtomicLong(1);
  private volatile Unlocked state;

  public Vault(VaultStore store, RedactionHook hook, Options options) {
    this.store = Objects.requireNonNull(store, "store");
    this.hook = Objects.requireNonNull(hook, "hook");
    this.options = Objects.requireNonNull(options, "options");
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  public boolean isInitialized() {
    return store.meta().isPresent();
  }

  public boolean isUnlocked() {
    return state != null;
  }

  /** The mode the vault was initialized with ({@code passphrase} or {@code key-file}), if initialized. */
  public Optional<String> kekMode() {
    return store.meta().map(VaultMeta::kekMode);
  }

  public Status status() {
    Optional<VaultMeta> meta = store.meta();
    int failures = store.unlockFailuresSince(now().minus(FAILURE_WINDOW));
    if (meta.isEmpty()) {
      return new Status(false, false, null, null, 0, null, null, failures);
    }
    VaultMeta m = meta.get();
    return new Status(true, isUnlocked(), m.kekMode(), m.kdfParams(), store.records().size(), m.createdAt(),
        m.updatedAt(), failures);
  }

  /**
   * Creates an empty vault whose key-encryption key comes from the source, and leaves it unlocked.
   *
   * @throws VaultException {@code already-initialized}, {@code weak-passphrase}, or a key-file problem
   */
  public synchronized void initialize(KekSource source) {
    checkNewSource(source);
    Instant now = now();
    byte[] salt = VaultCrypto.randomSalt();
    String kdf = kdfFor(source);
    VaultCrypto.DerivedKek kek = VaultCrypto.derive(source, kdf, salt);
    KeysetHandle keyset = VaultCrypto.newKeyset();
    Aead aead = VaultCrypto.aead(keyset);
    byte[] encKeyset = VaultCrypto.encryptKeyset(keyset, kek.keysetAead());
    VaultMeta meta = new VaultMeta(VaultMeta.FORMAT, source.mode(), kdf, salt, encKeyset, kek.verifier(),
        Manifest.EMPTY.encrypt(aead), now, now);
    store.inTransaction(w -> {
      if (w.lockMeta().isPresent()) {
        throw new VaultException("already-initialized", "the vault is already initialized; nothing was changed");
      }
      w.putMeta(meta);
      return null;
    });
    install(new Unlocked(kek.keysetAead(), keyset, aead, encKeyset, Map.of(), Map.of(), new ValueRedactor(Map.of())));
    LOG.log(System.Logger.Level.INFO, "vault initialized ({0})", source.mode());
  }

  /**
   * Unlocks the vault: checks the key-encryption key, decrypts the keyset, the manifest and every
   * record. Records that fail their integrity check are kept aside by name; the rest are usable.
   *
   * @throws VaultException {@code wrong-passphrase} (recorded; nothing else changed), {@code tampered}
   *     when the keyset or manifest is damaged, {@code not-initialized}, {@code wrong-unlock-method}
   */
  public synchronized void unlock(KekSource source) {
    VaultMeta meta = store.meta().orElseThrow(Vault::notInitialized);
    if (!meta.kekMode().equals(source.mode())) {
      throw new VaultException("wrong-unlock-method", "this vault is unlocked with a " + meta.kekMode()
          + (meta.kekMode().equals(KekSource.KeyFileSource.MODE) ? " (set vault.key_file)" : " (not a key file)"));
    }
    int recent = store.unlockFailuresSince(now().minus(FAILURE_WINDOW));
    Duration wait = options.failureDelay().apply(recent);
    if (wait != null && !wait.isZero() && !wait.isNegative()) {
      try {
        options.sleeper().sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VaultException("interrupted", "unlock interrupted; the vault stays locked");
      }
    }
    VaultCrypto.DerivedKek kek = VaultCrypto.derive(source, meta.kdfParams(), meta.salt());
    if (!MessageDigest.isEqual(kek.verifier(), meta.verifier())) {
      boolean file = source instanceof KekSource.KeyFileSource;
      store.recordUnlockFailure(now(), source.mode(), file ? "wrong-key-file" : "wrong-passphrase");
      LOG.log(System.Logger.Level.INFO, "vault unlock failed: wrong {0} ({1} recent failures before this one)",
          file ? "key file" : "passphrase", recent);
      throw new VaultException("wrong-passphrase", file
          ? "wrong key file: it does not open this vault. The vault stays locked and nothing was changed"
          : "wrong passphrase. The vault stays locked and nothing was changed");
    }
    KeysetHandle keyset;
    Manifest manifest;
    Aead aead;
    try {
      keyset = VaultCrypto.decryptKeyset(meta.encryptedKeyset(), kek.keysetAead());
      aead = VaultCrypto.aead(keyset);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new VaultException("tampered", "the vault's key set failed its integrity check (the passphrase is right, the"
          + " stored key set was modified or truncated); restore the database from a backup", null, null);
    }
    try {
      manifest = Manifest.decrypt(meta.manifest(), aead);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new VaultException("tampered", "the vault's manifest failed its integrity check; restore the database from a backup");
    }
    Map<String, Entry> entries = new TreeMap<>();
    Map<String, VaultException> tampered = new TreeMap<>();
    load(store.records(), manifest, aead, entries, tampered);
    install(new Unlocked(kek.keysetAead(), keyset, aead, meta.encryptedKeyset(), entries, tampered, redactorFor(entries)));
    for (VaultException t : tampered.values()) {
      LOG.log(System.Logger.Level.WARNING, t.getMessage());
    }
    LOG.log(System.Logger.Level.INFO, "vault unlocked: {0} secrets, {1} failed their integrity check",
        entries.size(), tampered.size());
  }

  private static void load(List<VaultRecord> records, Manifest manifest, Aead aead, Map<String, Entry> entries,
      Map<String, VaultException> tampered) {
    for (VaultRecord r : records) {
      Long expected = manifest.versions().get(r.name());
      if (expected == null) {
        tampered.put(r.name(), tamperedRecord(r.name(), "is not in the vault's manifest (added or restored outside ironclaw4j)"));
        continue;
      }
      if (expected != r.version()) {
        tampered.put(r.name(), tamperedRecord(r.name(), "has version " + r.version() + " but the vault expects "
            + expected + " (rolled back or replaced)"));
        continue;
      }
      byte[] plain = null;
      try {
        plain = aead.decrypt(r.ciphertext(), VaultCrypto.recordAd(r.name(), r.version(), r.bindings(), r.expiresAt()));
        entries.put(r.name(), new Entry(SecretValue.of(r.name(), plain), BindingsCodec.decode(r.bindings()),
            r.expiresAt(), r.version()));
      } catch (GeneralSecurityException | RuntimeException e) {
        tampered.put(r.name(), tamperedRecord(r.name(),
            "failed its integrity check (ciphertext or bindings modified, truncated, or moved from another record)"));
      } finally {
        if (plain != null) {
          Arrays.fill(plain, (byte) 0);
        }
      }
    }
    for (String name : manifest.versions().keySet()) {
      if (!entries.containsKey(name) && !tampered.containsKey(name)) {
        tampered.put(name, tamperedRecord(name, "is missing from the store (deleted outside ironclaw4j)"));
      }
    }
  }

  private static VaultException tamperedRecord(String name, String what) {
    return new VaultException("tampered", "secret " + name + " " + what + "; it will not be used. Set it again with"
        + " 'ironclaw4j secret set " + name + "' or remove it with 'ironclaw4j secret rm " + name + "'", name, null);
  }

  /** Forgets every decrypted value (wiped, best effort) and unregisters the log redactor. */
  public synchronized void lock() {
    Unlocked u = state;
    state = null;
    if (u != null) {
      hook.unregister(u.redactor());
      u.redactor().wipe();
      u.entries().values().forEach(e -> e.value().wipe());
      version.incrementAndGet();
    }
  }

  @Override
  public void close() {
    lock();
  }

  // ---- changes --------------------------------------------------------------------------------

  /**
   * Stores a secret (new or replacing), bound to where it may be sent.
   *
   * @param expiresAt when it stops being resolvable, or null
   * @throws VaultException {@code bad-name}, {@code bad-value}, {@code locked}
   */
  public synchronized void set(String name, SecretValue value, List<SecretBinding> bindings, Instant expiresAt) {
    Unlocked u = requireUnlocked();
    checkName(name);
    String text = BindingsCodec.encode(bindings);
    Instant exp = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.SECONDS);
    byte[] plain = value.insecureBytes(InsecureSecretAccess.get());
    try {
      checkValue(name, plain);
      Instant now = now();
      long v = store.inTransaction(w -> {
        VaultMeta meta = lockCurrent(w, u);
        Manifest m = manifest(meta, u);
        long next = m.generation() + 1;
        VaultRecord old = find(w.records(), name);
        byte[] ct = encrypt(u.aead(), plain, VaultCrypto.recordAd(name, next, text, exp));
        w.putRecord(new VaultRecord(name, next, ct, text, exp, old == null ? now : old.createdAt(), now,
            old == null ? null : old.lastUsedAt(), old == null ? 0 : old.useCount()));
        w.putMeta(meta.withManifest(m.with(name, next).encrypt(u.aead()), now));
        return next;
      });
      Map<String, Entry> entries = new TreeMap<>(u.entries());
      entries.put(name, new Entry(SecretValue.of(name, plain), List.copyOf(bindings), exp, v));
      Map<String, VaultException> tampered = new TreeMap<>(u.tampered());
      tampered.remove(name);
      install(new Unlocked(u.kek(), u.keyset(), u.aead(), u.encryptedKeyset(), entries, tampered, redactorFor(entries)));
      LOG.log(System.Logger.Level.INFO, "secret {0} stored (version {1}, {2} bindings)", name, v, bindings.size());
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Replaces a secret's bindings (the value is re-encrypted under a new version). */
  public synchronized void rebind(String name, List<SecretBinding> bindings) {
    Unlocked u = requireUnlocked();
    String text = BindingsCodec.encode(bindings);
    Instant now = now();
    long v = store.inTransaction(w -> {
      VaultMeta meta = lockCurrent(w, u);
      Manifest m = manifest(meta, u);
      VaultRecord r = find(w.records(), name);
      if (r == null) {
        throw unknown(name);
      }
      long next = m.generation() + 1;
      byte[] plain = decryptVerified(r, m, u.aead());
      try {
        byte[] ct = encrypt(u.aead(), plain, VaultCrypto.recordAd(name, next, text, r.expiresAt()));
        w.putRecord(new VaultRecord(name, next, ct, text, r.expiresAt(), r.createdAt(), now, r.lastUsedAt(), r.useCount()));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
      w.putMeta(meta.withManifest(m.with(name, next).encrypt(u.aead()), now));
      return next;
    });
    Map<String, Entry> entries = new TreeMap<>(u.entries());
    Entry e = entries.get(name);
    entries.put(name, new Entry(e.value(), List.copyOf(bindings), e.expiresAt(), v));
    install(new Unlocked(u.kek(), u.keyset(), u.aead(), u.encryptedKeyset(), entries, u.tampered(), u.redactor()));
    LOG.log(System.Logger.Level.INFO, "secret {0} rebound ({1} bindings)", name, bindings.size());
  }

  /** Removes a secret (also one that failed its integrity check); false if there was none. */
  public synchronized boolean remove(String name) {
    Unlocked u = requireUnlocked();
    boolean removed = store.inTransaction(w -> {
      VaultMeta meta = lockCurrent(w, u);
      Manifest m = manifest(meta, u);
      boolean had = w.deleteRecord(name);
      if (!had && !m.versions().containsKey(name)) {
        return false;
      }
      w.putMeta(meta.withManifest(m.without(name).encrypt(u.aead()), now()));
      return true;
    });
    if (removed) {
      Map<String, Entry> entries = new TreeMap<>(u.entries());
      entries.remove(name);
      Map<String, VaultException> tampered = new TreeMap<>(u.tampered());
      tampered.remove(name);
      install(new Unlocked(u.kek(), u.keyset(), u.aead(), u.encryptedKeyset(), entries, tampered, redactorFor(entries)));
      LOG.log(System.Logger.Level.INFO, "secret {0} removed", name);
    }
    return removed;
  }

  /**
   * {@code vault passwd}: encrypts the keyset under a new key-encryption key. The records are not
   * touched. The vault stays unlocked.
   */
  public synchronized void changeKek(KekSource source) {
    Unlocked u = requireUnlocked();
    checkNewSource(source);
    byte[] salt = VaultCrypto.randomSalt();
    String kdf = kdfFor(source);
    VaultCrypto.DerivedKek kek = VaultCrypto.derive(source, kdf, salt);
    byte[] encKeyset = VaultCrypto.encryptKeyset(u.keyset(), kek.keysetAead());
    store.inTransaction(w -> {
      VaultMeta meta = lockCurrent(w, u);
      w.putMeta(meta.withKeys(source.mode(), kdf, salt, encKeyset, kek.verifier(), now()));
      return null;
    });
    install(new Unlocked(kek.keysetAead(), u.keyset(), u.aead(), encKeyset, u.entries(), u.tampered(), u.redactor()));
    LOG.log(System.Logger.Level.INFO, "vault key-encryption key changed ({0})", source.mode());
  }

  /**
   * {@code vault rotate}: a new data key replaces the old one and every record is re-encrypted under
   * it, all in one transaction. Refused while any record fails its integrity check.
   *
   * @return how many records were re-encrypted
   */
  public synchronized int rotate() {
    Unlocked u = requireUnlocked();
    KeysetHandle fresh = VaultCrypto.newKeyset();
    Aead next = VaultCrypto.aead(fresh);
    byte[] encKeyset = VaultCrypto.encryptKeyset(fresh, u.kek());
    Instant now = now();
    Map<String, Long> versions = store.inTransaction(w -> {
      VaultMeta meta = lockCurrent(w, u);
      Manifest m = manifest(meta, u);
      List<VaultRecord> records = w.records();
      for (String name : m.versions().keySet()) {
        if (find(records, name) == null) {
          throw tamperedRecord(name, "is missing from the store; rotation refused, nothing was changed");
        }
      }
      long gen = m.generation();
      Map<String, Long> out = new TreeMap<>();
      for (VaultRecord r : records) {
        byte[] plain = decryptVerified(r, m, u.aead());
        try {
          gen++;
          byte[] ct = encrypt(next, plain, VaultCrypto.recordAd(r.name(), gen, r.bindings(), r.expiresAt()));
          w.putRecord(new VaultRecord(r.name(), gen, ct, r.bindings(), r.expiresAt(), r.createdAt(), now,
              r.lastUsedAt(), r.useCount()));
          out.put(r.name(), gen);
        } finally {
          Arrays.fill(plain, (byte) 0);
        }
      }
      w.putMeta(meta.withKeysetAndManifest(encKeyset, new Manifest(gen, new TreeMap<>(out)).encrypt(next), now));
      return out;
    });
    Map<String, Entry> entries = new TreeMap<>();
    u.entries().forEach((k, e) -> entries.put(k, new Entry(e.value(), e.bindings(), e.expiresAt(),
        versions.getOrDefault(k, e.version()))));
    install(new Unlocked(u.kek(), fresh, next, encKeyset, entries, u.tampered(), u.redactor()));
    LOG.log(System.Logger.Level.INFO, "vault data key rotated; {0} secrets re-encrypted", versions.size());
    return versions.size();
  }

  // ---- reading --------------------------------------------------------------------------------

  /** Every secret with its bindings and bookkeeping, never its value. */
  public List<SecretInfo> list() {
    Unlocked u = requireUnlocked();
    Instant now = now();
    Map<String, SecretInfo> out = new LinkedHashMap<>();
    for (VaultRecord r : store.records()) {
      Entry e = u.entries().get(r.name());
      VaultException t = u.tampered().get(r.name());
      SecretInfo.State s = t != null || e == null
          ? SecretInfo.State.TAMPERED
          : expired(e, now) ? SecretInfo.State.EXPIRED : SecretInfo.State.OK;
      out.put(r.name(), new SecretInfo(r.name(), e == null ? List.of() : e.bindings(), r.createdAt(), r.updatedAt(),
          r.lastUsedAt(), r.useCount(), r.expiresAt(), s,
          t != null ? t.getMessage() : e == null ? "changed by another process since unlock; unlock again" : null));
    }
    u.tampered().forEach((name, t) -> out.putIfAbsent(name,
        new SecretInfo(name, List.of(), null, null, null, 0, null, SecretInfo.State.TAMPERED, t.getMessage())));
    return List.copyOf(out.values());
  }

  /**
   * {@inheritDoc}
   *
   * <p>An expired secret resolves to empty (and is logged by name). A secret that failed its
   * integrity check throws.
   *
   * @throws VaultException {@code locked}, or {@code tampered} naming the secret
   */
  @Override
  public Optional<Resolved> resolve(String name) {
    Unlocked u = requireUnlocked();
    VaultException t = u.tampered().get(name);
    if (t != null) {
      throw new VaultException("tampered", t.getMessage(), name, null);
    }
    Entry e = u.entries().get(name);
    if (e == null) {
      return Optional.empty();
    }
    if (expired(e, now())) {
      LOG.log(System.Logger.Level.WARNING, "secret {0} expired at {1}; it is not used", name, e.expiresAt());
      return Optional.empty();
    }
    return Optional.of(new Resolved(e.value(), e.bindings()));
  }

  @Override
  public List<String> names() {
    Unlocked u = state;
    if (u == null) {
      return List.of();
    }
    Instant now = now();
    return u.entries().entrySet().stream().filter(e -> !expired(e.getValue(), now)).map(Map.Entry::getKey).toList();
  }

  @Override
  public void recordUse(String name) {
    Unlocked u = state;
    if (u == null || !u.entries().containsKey(name)) {
      return;
    }
    try {
      store.recordUse(name, now());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not record the use of secret {0}: {1}", name, e.getMessage());
    }
  }

  /** Every value while unlocked (expired ones too: they are still secret); empty while locked. */
  @Override
  public List<SecretValue> current() {
    Unlocked u = state;
    return u == null ? List.of() : u.entries().values().stream().map(Entry::value).toList();
  }

  @Override
  public long version() {
    return version.get();
  }

  @Override
  public String toString() {
    Unlocked u = state;
    return "Vault[" + (u == null ? "locked" : "unlocked, " + u.entries().size() + " secrets") + "]";
  }

  // ---- helpers --------------------------------------------------------------------------------

  private void install(Unlocked next) {
    Unlocked prev = state;
    if (prev == null || prev.redactor() != next.redactor()) {
      hook.register(next.redactor());
    }
    state = next;
    if (prev != null) {
      if (prev.redactor() != next.redactor()) {
        hook.unregister(prev.redactor());
        prev.redactor().wipe();
      }
      Map<SecretValue, Boolean> kept = new IdentityHashMap<>();
      next.entries().values().forEach(e -> kept.put(e.value(), true));
      prev.entries().values().stream().filter(e -> !kept.containsKey(e.value())).forEach(e -> e.value().wipe());
    }
    version.incrementAndGet();
  }

  private static ValueRedactor redactorFor(Map<String, Entry> entries) {
    Map<String, SecretValue> values = new HashMap<>();
    entries.forEach((k, e) -> values.put(k, e.value()));
    return new ValueRedactor(values);
  }

  private Unlocked requireUnlocked() {
    Unlocked u = state;
    if (u == null) {
      throw new VaultException("locked", "the vault is locked; unlock it first");
    }
    return u;
  }

  /** Locks the metadata row and checks no other process changed the keys since this one unlocked. */
  private static VaultMeta lockCurrent(VaultStore.Writer w, Unlocked u) {
    VaultMeta meta = w.lockMeta().orElseThrow(Vault::notInitialized);
    if (!Arrays.equals(meta.encryptedKeyset(), u.encryptedKeyset())) {
      throw new VaultException("stale", "the vault's keys were changed by another process since it was unlocked;"
          + " nothing was changed. Run the command again");
    }
    return meta;
  }

  private static Manifest manifest(VaultMeta meta, Unlocked u) {
    try {
      return Manifest.decrypt(meta.manifest(), u.aead());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new VaultException("tampered", "the vault's manifest failed its integrity check; nothing was changed."
          + " Restore the database from a backup");
    }
  }

  private static byte[] decryptVerified(VaultRecord r, Manifest m, Aead aead) {
    Long expected = m.versions().get(r.name());
    if (expected == null || expected != r.version()) {
      throw tamperedRecord(r.name(), "does not match the vault's manifest; nothing was changed");
    }
    try {
      return aead.decrypt(r.ciphertext(), VaultCrypto.recordAd(r.name(), r.version(), r.bindings(), r.expiresAt()));
    } catch (GeneralSecurityException e) {
      throw tamperedRecord(r.name(), "failed its integrity check; nothing was changed");
    }
  }

  private static byte[] encrypt(Aead aead, byte[] plain, byte[] ad) {
    try {
      return aead.encrypt(plain, ad);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  private static VaultRecord find(List<VaultRecord> records, String name) {
    for (VaultRecord r : records) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  private static boolean expired(Entry e, Instant now) {
    return e.expiresAt() != null && !now.isBefore(e.expiresAt());
  }

  private String kdfFor(KekSource source) {
    return source instanceof KekSource.Passphrase ? options.kdf().format() : VaultCrypto.NO_KDF;
  }

  private static void checkNewSource(KekSource source) {
    if (source instanceof KekSource.Passphrase p && p.chars().length < KekSource.Passphrase.MIN_LENGTH) {
      throw new VaultException("weak-passphrase", "the passphrase must have at least "
          + KekSource.Passphrase.MIN_LENGTH + " characters; nothing was changed");
    }
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new VaultException("bad-name", "a secret name is 1 to 64 letters, digits or underscores, starting with"
          + " a letter or underscore (e.g. GITHUB_TOKEN)");
    }
  }

  private static void checkValue(String name, byte[] v) {
    if (v.length < MIN_VALUE_BYTES || v.length > MAX_VALUE_BYTES) {
      throw new VaultException("bad-value", "the value of " + name + " must be " + MIN_VALUE_BYTES + " to "
          + MAX_VALUE_BYTES + " bytes (shorter values cannot be reliably kept out of logs); it has " + v.length,
          name, null);
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(v));
    } catch (CharacterCodingException e) {
      throw new VaultException("bad-value", "the value of " + name + " is not UTF-8 text", name, null);
    }
    for (byte b : v) {
      if ((b >= 0 && b < 0x20) || b == 0x7f) {
        throw new VaultException("bad-value", "the value of " + name + " contains control characters (a line"
            + " break inside a value could inject HTTP headers)", name, null);
      }
    }
  }

  private static VaultException notInitialized() {
    return new VaultException("not-initialized", "there is no vault yet; create one with 'ironclaw4j vault init'");
  }

  private static VaultException unknown(String name) {
    return new VaultException("unknown-secret", "there is no secret named " + name + " (see 'ironclaw4j secret list')",
        name, null);
  }

  private Instant now() {
    return options.clock().instant();
  }
}
