package dev.ironclaw4j.guard.sandbox;

import dev.ironclaw4j.guard.GuardException;

/** A process could not be started in the sandbox, or the sandbox is missing and was not opted out of. */
public final class SandboxException extends GuardException {
  private static final long serialVersionUID = 1L;

  public SandboxException(String reason, String message) {
    super(reason, message);
  }

  public SandboxException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }
}
