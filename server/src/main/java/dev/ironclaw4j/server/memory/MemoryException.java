package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.server.ServerException;

/**
 * A memory operation was refused or failed, with a reason code ({@code invalid-path}, {@code too-large},
 * {@code secret-refused}, {@code not-found}, {@code index-failed}) and a one-line message for the user.
 */
public final class MemoryException extends ServerException {
  private final String reason;

  public MemoryException(String reason, String message) {
    this(reason, message, null);
  }

  public MemoryException(String reason, String message, Throwable cause) {
    super(reason.equals("index-failed") ? FAILURE : USAGE, message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
