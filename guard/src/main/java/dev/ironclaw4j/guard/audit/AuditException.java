package dev.ironclaw4j.guard.audit;

import dev.ironclaw4j.guard.GuardException;

/** The audit log could not be written or read. Writing failures fail the audited action closed. */
public final class AuditException extends GuardException {
  public AuditException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }
}
