package dev.ironclaw4j.guard.leak;

import dev.ironclaw4j.guard.GuardException;

/** The leak detector could not scan its input (for example a stream beyond the size limit). */
public final class LeakScanException extends GuardException {
  public LeakScanException(String reason, String message) {
    super(reason, message);
  }
}
