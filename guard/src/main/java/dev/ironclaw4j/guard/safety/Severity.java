package dev.ironclaw4j.guard.safety;

/** How dangerous a finding is. Ordered: a later constant is more severe. */
public enum Severity {
  /** Recorded for audit only (e.g. a quoted mention of an attack in an article). */
  INFO,
  /** Suspicious on its own but common in benign content (hidden HTML, invisible characters). */
  LOW,
  /** Likely aimed at the model but not clearly harmful (a fake header, text addressed to an AI). */
  MEDIUM,
  /** An instruction that tries to change the model's behaviour, hijack a tool or move data out. */
  HIGH,
  /** An attack on the product's own defences (forged wrapper, hidden or encoded high finding). */
  CRITICAL;

  /** One level more severe (capped at {@link #CRITICAL}). */
  public Severity raise() {
    return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
