package dev.ironclaw4j.guard.egress;

import dev.ironclaw4j.guard.GuardException;

/**
 * An outbound request that egress refused, or a response it would not hand back. The {@link #reason()}
 * is a stable code such as {@code host-not-allowed}, {@code internal-address} or {@code leak-in-request};
 * the message says what was refused and names a secret by its name, never its value.
 */
public final class EgressDeniedException extends GuardException {
  public EgressDeniedException(String reason, String message) {
    super(reason, message);
  }

  public EgressDeniedException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }
}
