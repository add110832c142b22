package dev.ironclaw4j.guard.attest;

import dev.ironclaw4j.guard.GuardException;
import java.util.List;

/**
 * A provider failed attestation, or its evidence could not be checked: the prompt must not be sent.
 * {@link #reason()} names the first failed check (see {@link Reason}); {@link #checks()} holds every
 * check of the verification, passed or failed, when one ran.
 */
public final class AttestationException extends GuardException {
  private final transient List<CheckResult> checks;

  public AttestationException(String reason, String message) {
    this(reason, message, List.of(), null);
  }

  public AttestationException(String reason, String message, Throwable cause) {
    this(reason, message, List.of(), cause);
  }

  AttestationException(String reason, String message, List<CheckResult> checks, Throwable cause) {
    super(reason, message, cause);
    this.checks = List.copyOf(checks);
  }

  /** Every check of the verification that failed, in the order they ran; empty when none ran. */
  public List<CheckResult> checks() {
    return checks;
  }
}
