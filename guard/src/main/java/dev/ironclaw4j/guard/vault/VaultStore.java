package dev.ironclaw4j.guard.vault;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the vault keeps its encrypted state: one {@link VaultMeta}, the {@link VaultRecord}s, and the
 * log of failed unlock attempts. Implemented outside guard (the server's data layer). The store sees
 * only ciphertext; it must make each {@link #inTransaction} all-or-nothing, which is what makes a
 * crash in the middle of {@code set} or {@code rotate} leave either the old or the new state.
 */
public interface VaultStore {
  /** The vault's metadata, or empty before {@code vault init}. */
  Optional<VaultMeta> meta();

  /** Every record, ordered by name. */
  List<VaultRecord> records();

  /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
  <T> T inTransaction(Function<Writer, T> work);

  /** Records that a secret was used (bookkeeping; no-op if the record is gone). */
  void recordUse(String name, Instant at);

  /** Records a failed unlock attempt (the audit trail of guessing). Committed on its own. */
  void recordUnlockFailure(Instant at, String method, String reason);

  /** How many unlock attempts failed at or after the instant. */
  int unlockFailuresSince(Instant since);

  /** Reads and writes inside one transaction. */
  interface Writer {
    /** The metadata, locked against concurrent writers until the transaction ends. */
    Optional<VaultMeta> lockMeta();

    /** Every record as seen in this transaction, ordered by name. */
    List<VaultRecord> records();

    /** Inserts the metadata (first init) or replaces it. */
    void putMeta(VaultMeta meta);

    /** Inserts or replaces the record with this name. */
    void putRecord(VaultRecord record);

    /** Deletes the record; returns whether there was one. */
    boolean deleteRecord(String name);
  }
}
