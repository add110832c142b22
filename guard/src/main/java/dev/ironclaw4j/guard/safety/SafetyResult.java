package dev.ironclaw4j.guard.safety;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SafetyLayer#inspect} decided: the verdict, the content exactly as the model will see it
 * (unchanged for PASS; with a note for WARN; with offending spans removed and a note for SANITIZE and
 * REVIEW; a short notice instead of the content for BLOCK) and every finding, including the ones that
 * changed nothing (for audit).
 */
public record SafetyResult(Verdict verdict, String content, List<SafetyFinding> findings) {
  public SafetyResult {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(content, "content");
    findings = List.copyOf(findings);
  }

  /** Whether any finding has this rule id. */
  public boolean has(String ruleId) {
    return findings.stream().anyMatch(f -> f.ruleId().equals(ruleId));
  }
}
