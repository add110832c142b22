package dev.ironclaw4j.guard;

/**
 * The one exception family of the {@code guard} module. Each subclass is shaped like its domain (a
 * denied egress request, a locked vault, ...) and carries a stable, machine-readable reason code.
 * Messages are written for the user: they say what happened and what to do, and never contain a
 * secret value. Protocol boundaries turn these into wire errors; a peer never sees a stack trace.
 */
public abstract class GuardException extends RuntimeException {
  private final String reason;

  protected GuardException(String reason, String message) {
    super(message);
    this.reason = requireReason(reason);
  }

  protected GuardException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = requireReason(reason);
  }

  /** A stable, lower-case, dash-separated code such as {@code host-not-allowed}. */
  public final String reason() {
    return reason;
  }

  private static String requireReason(String reason) {
    if (reason == null || !reason.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("reason code must be lower-case-dashed: " + reason);
    }
    return reason;
  }
}
