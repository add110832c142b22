package dev.ironclaw4j.toolsmith;

import dev.ironclaw4j.guard.GuardException;

/**
 * The one exception family of the toolsmith: a build that could not be carried out at all (the build
 * worker died or overran its deadline, a file could not be written). A build that fails on the
 * user's source is not an exception but a {@link BuildResult} with diagnostics. Reasons:
 * {@code build-timeout}, {@code worker-died}, {@code io}, {@code not-installed}.
 */
public final class ToolsmithException extends GuardException {
  public ToolsmithException(String reason, String message) {
    super(reason, message);
  }

  public ToolsmithException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }
}
