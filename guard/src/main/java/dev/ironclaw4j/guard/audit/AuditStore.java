package dev.ironclaw4j.guard.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Where audit records are kept (the database); append-only from the log's point of view. */
public interface AuditStore {
  /**
   * Appends one record atomically: {@code build} gets the current last record (or empty) and returns
   * the record to store; the store must hold a lock or use a unique sequence so two appends never
   * chain onto the same predecessor.
   */
  AuditRecord append(Function<Optional<AuditRecord>, AuditRecord> build);

  /** Records matching the filter, oldest first, at most {@code limit}. */
  List<AuditRecord> query(Filter filter, int limit);

  /** Every record in sequence order, streamed (for verification of long logs). */
  void forEach(Consumer<AuditRecord> action);

  /**
   * The sequence number and hash of the newest record, kept apart from the records and updated in the
   * same transaction as each append, so deleting the newest records is detected too; empty when the
   * log is empty.
   */
  Optional<Head> head();

  /** The newest record's position and hash. */
  record Head(long seq, String hash) {}

  /** Which records {@link #query} returns; null or empty fields match everything. */
  record Filter(String subject, String session, String kind, Instant since) {
    public static final Filter ALL = new Filter(null, null, null, null);
  }
}
