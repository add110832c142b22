package dev.ironclaw4j.guard.redact;

/**
 * Removes sensitive values from text before it is written anywhere (log files, stderr, audit).
 * Implementations must be thread-safe, must never throw on odd input, and must return the input
 * unchanged when there is nothing to remove.
 */
@FunctionalInterface
public interface Redactor {
  /** The text with every sensitive value replaced by a marker such as {@code [REDACTED:NAME]}. */
  String redact(String text);
}
