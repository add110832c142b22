package dev.ironclaw4j.guard.safety;

import dev.ironclaw4j.guard.GuardException;

/**
 * Content or parameters broke a limit of the safety layer (size, encoding, JSON depth, string length).
 * The message names the limit and its value, and says what to do.
 */
public final class SafetyException extends GuardException {
  public SafetyException(String reason, String message) {
    super(reason, message);
  }
}
