package dev.ironclaw4j.guard.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only, hash-chained audit log. {@link #record} appends; {@link #verify} walks the chain and
 * reports the first record that was edited, deleted or inserted.
 *
 * <p>What the chain proves: any change to a stored record, any deletion or insertion, and cutting off
 * the newest records (checked against the separately stored head) is detected. It does not stop
 * someone with write access to the database from rewriting the whole chain and the head; anchoring the
 * head outside the database (or keying the chain with a vault key) is a later step.
 */
public final class AuditLog {
  /** The previous hash of the first record. */
  public static final String GENESIS = "0".repeat(64);

  private final AuditStore store;
  private final Clock clock;

  public AuditLog(AuditStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Appends an event and returns the stored record. */
  public AuditRecord record(AuditEvent e) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return store.append(last -> {
      long seq = last.map(r -> r.seq() + 1).orElse(1L);
      String prev = last.map(AuditRecord::hash).orElse(GENESIS);
      AuditRecord unsealed = new AuditRecord(seq, now, e.kind(), e.actor(), e.session(), e.subject(), e.inputDigest(),
          e.decision(), e.reason(), e.approver(), e.destinations(), e.durationMs(), e.outcome(), prev, "");
      return withHash(unsealed);
    });
  }

  /** Records matching a filter, oldest first. */
  public List<AuditRecord> query(AuditStore.Filter filter, int limit) {
    return store.query(filter, limit);
  }

  /** The result of {@link #verify}: how many records were checked and the first problem, if any. */
  public record Verification(long checked, Optional<String> problem) {
    public boolean ok() {
      return problem.isEmpty();
    }
  }

  /** Walks the whole chain. */
  public Verification verify() {
    long[] count = {0};
    String[] prev = {GENESIS};
    String[] problem = {null};
    store.forEach(r -> {
      if (problem[0] != null) {
        return;
      }
      count[0]++;
      if (r.seq() != count[0]) {
        problem[0] = "record " + count[0] + " is missing (found " + r.seq() + " next): a record was deleted";
      } else if (!r.prevHash().equals(prev[0])) {
        problem[0] = "record " + r.seq() + " does not follow record " + (r.seq() - 1) + ": the chain was cut or a record replaced";
      } else if (!withHash(r).hash().equals(r.hash())) {
        problem[0] = "record " + r.seq() + " was edited after it was written (its hash does not match)";
      }
      prev[0] = r.hash();
    });
    if (problem[0] == null) {
      Optional<AuditStore.Head> head = store.head();
      long headSeq = head.map(AuditStore.Head::seq).orElse(0L);
      if (headSeq != count[0] || (head.isPresent() && !head.get().hash().equals(prev[0]))) {
        problem[0] = "the log ends at record " + count[0] + " but its head says " + headSeq
            + ": the newest records were deleted or replaced";
      }
    }
    return new Verification(count[0], Optional.ofNullable(problem[0]));
  }

  /** SHA-256 hex of an input, the only form in which inputs enter the log. */
  public static String digest(String input) {
    return sha256(input.getBytes(StandardCharsets.UTF_8));
  }

  static AuditRecord withHash(AuditRecord r) {
    byte[] prev = r.prevHash().getBytes(StandardCharsets.US_ASCII);
    byte[] body = r.canonical();
    byte[] all = new byte[prev.length + body.length];
    System.arraycopy(prev, 0, all, 0, prev.length);
    System.arraycopy(body, 0, all, prev.length, body.length);
    return new AuditRecord(r.seq(), r.at(), r.kind(), r.actor(), r.session(), r.subject(), r.inputDigest(), r.decision(),
        r.reason(), r.approver(), r.destinations(), r.durationMs(), r.outcome(), r.prevHash(), sha256(all));
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
