package dev.ironclaw4j.guard.vault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** A real, transactional store in memory: a transaction works on a copy that replaces the state only on success. */
final class InMemoryVaultStore implements VaultStore {
  private VaultMeta meta;
  private TreeMap<String, VaultRecord> records = new TreeMap<>();
  final List<Instant> failures = new ArrayList<>();

  @Override
  public synchronized Optional<VaultMeta> meta() {
    return Optional.ofNullable(meta);
  }

  @Override
  public synchronized List<VaultRecord> records() {
    return List.copyOf(records.values());
  }

  @Override
  public synchronized <T> T inTransaction(Function<Writer, T> work) {
    TreeMap<String, VaultRecord> copy = new TreeMap<>(records);
    VaultMeta[] m = {meta};
    T result = work.apply(new Writer() {
      @Override
      public Optional<VaultMeta> lockMeta() {
        return Optional.ofNullable(m[0]);
      }

      @Override
      public List<VaultRecord> records() {
        return List.copyOf(copy.values());
      }

      @Override
      public void putMeta(VaultMeta v) {
        m[0] = v;
      }

      @Override
      public void putRecord(VaultRecord r) {
        copy.put(r.name(), r);
      }

      @Override
      public boolean deleteRecord(String name) {
        return copy.remove(name) != null;
      }
    });
    records = copy;
    meta = m[0];
    return result;
  }

  @Override
  public synchronized void recordUse(String name, Instant at) {
    VaultRecord r = records.get(name);
    if (r != null) {
      records.put(name, new VaultRecord(r.name(), r.version(), r.ciphertext(), r.bindings(), r.expiresAt(),
          r.createdAt(), r.updatedAt(), at, r.useCount() + 1));
    }
  }

  @Override
  public synchronized void recordUnlockFailure(Instant at, String method, String reason) {
    failures.add(at);
  }

  @Override
  public synchronized int unlockFailuresSince(Instant since) {
    return (int) failures.stream().filter(t -> !t.isBefore(since)).count();
  }

  /** Test access: replaces a stored record as an attacker with write access to the database would. */
  synchronized void overwrite(VaultRecord r) {
    records.put(r.name(), r);
  }

  synchronized VaultRecord get(String name) {
    return records.get(name);
  }
}
