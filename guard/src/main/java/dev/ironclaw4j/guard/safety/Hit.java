package dev.ironclaw4j.guard.safety;

/**
 * A finding plus what sanitizing it means: replace original {@code [cutStart, cutEnd)} with
 * {@code replacement}.
 */
record Hit(SafetyFinding finding, int cutStart, int cutEnd, String replacement) {
  Hit withFinding(SafetyFinding f) {
    return new Hit(f, cutStart, cutEnd, replacement);
  }
}
