package dev.ironclaw4j.guard.tool;

import dev.ironclaw4j.guard.GuardException;

/**
 * A tool call that was refused or failed, with a reason code: {@code unknown-tool}, {@code invalid-input},
 * {@code input-too-large}, {@code denied}, {@code approval-required}, {@code rate-limited},
 * {@code timeout}, {@code tool-failed}, {@code output-blocked}.
 */
public final class ToolException extends GuardException {
  public ToolException(String reason, String message) {
    super(reason, message);
  }

  public ToolException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }
}
