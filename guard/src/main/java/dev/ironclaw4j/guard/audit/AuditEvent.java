package dev.ironclaw4j.guard.audit;

import java.util.List;

/**
 * What a caller reports to the audit log; the log adds sequence number, time and hashes. Builders of
 * events must not put payloads or secret values in any field: use {@link AuditLog#digest} for inputs.
 */
public record AuditEvent(
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
    String outcome) {

  public AuditEvent {
    destinations = destinations == null ? List.of() : List.copyOf(destinations);
  }

  /** A minimal event: kind, actor, subject and decision; the rest empty. */
  public static AuditEvent of(String kind, String actor, String subject, String decision) {
    return new AuditEvent(kind, actor, "", subject, "", decision, "", "", List.of(), 0, "");
  }
}
