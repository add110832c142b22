package dev.ironclaw4j.guard.leak;

import java.util.List;

/**
 * Finds credentials in text: known vault values in any common encoding, and anything that looks like
 * a credential. Thread-safe. Linear in the length of the input whatever the input is.
 */
public interface LeakScanner {
  /** Findings ordered by start offset; empty when the text is clean. */
  List<Finding> scan(CharSequence text);

  /** Whether any finding demands {@link Finding.Action#BLOCK}. */
  default boolean mustBlock(CharSequence text) {
    return scan(text).stream().anyMatch(f -> f.action() == Finding.Action.BLOCK);
  }

  /**
   * The text with every BLOCK and REDACT finding replaced by {@code [REDACTED:type]} (or
   * {@code [REDACTED:NAME]} for a known secret).
   */
  String redact(CharSequence text);
}
