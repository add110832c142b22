package dev.ironclaw4j.guard.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One audit record: who did what, what was decided and how it ended — never payloads or secret values
 * (inputs are kept only as a digest). Records form a hash chain: {@code hash = SHA-256(prevHash ||
 * canonical(record))}, so editing or deleting any record breaks every hash after it.
 *
 * @param seq position in the log, 1, 2, 3, ... without gaps
 * @param at when it happened
 * @param kind what happened, e.g. {@code tool.call}, {@code egress.request}, {@code vault.unlock}
 * @param actor who asked: the channel and caller identity, e.g. {@code cli}, {@code mcp:claude-desktop}
 * @param session session id, or empty
 * @param subject the tool name, secret name or destination host the record is about
 * @param inputDigest SHA-256 hex of the input, or empty
 * @param decision {@code allowed}, {@code denied}, {@code approved}, {@code rejected}, ...
 * @param reason reason code or short explanation, or empty
 * @param approver who approved ({@code policy}, {@code user}, ...), or empty
 * @param destinations hosts data was sent to
 * @param durationMs how long it took
 * @param outcome {@code ok}, {@code error:<code>}, ...
 * @param prevHash hash of the previous record (64 zeros for the first)
 * @param hash this record's hash
 */
public record AuditRecord(
    long seq,
    Instant at,
    String kind,
    String actor,
    String session,
    String subject,
    String inputDigest,
    String decision,
    String reason,
    String approver,
    List<String> destinations,
    long durationMs,
    String outcome,
    String prevHash,
    String hash) {

  /** Longest text field accepted; longer values are cut (the log is not a payload store). */
  public static final int MAX_FIELD = 1000;

  public AuditRecord {
    Objects.requireNonNull(at, "at");
    kind = cap(kind);
    actor = cap(actor);
    session = cap(session);
    subject = cap(subject);
    inputDigest = cap(inputDigest);
    decision = cap(decision);
    reason = cap(reason);
    approver = cap(approver);
    destinations = destinations == null ? List.of() : destinations.stream().map(AuditRecord::cap).toList();
    outcome = cap(outcome);
    prevHash = cap(prevHash);
    hash = cap(hash);
  }

  /**
   * The unambiguous byte form the hash covers: every field length-prefixed, in declaration order,
   * excluding {@code hash} itself. Timestamps are cut to milliseconds, as databases store them.
   */
  byte[] canonical() {
    StringBuilder b = new StringBuilder(256);
    field(b, Long.toString(seq));
    field(b, Long.toString(at.toEpochMilli()));
    for (String s : List.of(kind, actor, session, subject, inputDigest, decision, reason, approver)) {
      field(b, s);
    }
    field(b, Integer.toString(destinations.size()));
    destinations.forEach(d -> field(b, d));
    field(b, Long.toString(durationMs));
    field(b, outcome);
    field(b, prevHash);
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void field(StringBuilder b, String s) {
    b.append(s.length()).append(':').append(s).append(';');
  }

  private static String cap(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= MAX_FIELD ? s : s.substring(0, MAX_FIELD);
  }
}
