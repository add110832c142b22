package dev.ironclaw4j.guard.safety;

import java.util.Locale;

/**
 * What happens to a piece of untrusted content, and what a policy rule asks for a finding. Ordered:
 * a later constant wins when several findings disagree.
 */
public enum Verdict {
  /** Shown unchanged. */
  PASS,
  /** Shown with a note that tells the model the content holds instruction-like text. */
  WARN,
  /** Shown with the offending spans removed or defanged, and a note saying so. */
  SANITIZE,
  /**
   * A human must decide. The result's content is the sanitized form; the pipeline asks the user
   * through the channel that started the call whether the original may be shown instead.
   */
  REVIEW,
  /** Withheld: the model sees a short notice, not the content. */
  BLOCK;

  /** The lower-case name used on the wire ({@code "sanitize"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Verdict max(Verdict other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
