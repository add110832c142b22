package dev.ironclaw4j.guard.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Maps findings to verdicts. The first matching {@link PolicyRule} decides; when none matches, the
 * severity does: CRITICAL and HIGH sanitize, MEDIUM warns, LOW and INFO pass. On top of the per-finding
 * verdicts, content that is saturated with attacks is blocked: when the weighted score (MEDIUM 1, HIGH 2,
 * CRITICAL 3) reaches {@code blockScore}, or reaches {@code coverageMinScore} while the spans to remove
 * cover at least {@code blockCoverage} of the content (nothing useful would be left).
 */
public record SafetyPolicy(List<PolicyRule> rules, int blockScore, double blockCoverage, int coverageMinScore) {
  public SafetyPolicy {
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    if (blockScore < 1 || coverageMinScore < 1 || blockCoverage <= 0 || blockCoverage > 1) {
      throw new IllegalArgumentException("density limits must be positive (blockCoverage in (0, 1])");
    }
  }

  /**
   * The defaults: severity decides (above); findings in hidden content, wrapper forgery and beacons
   * are always removed; block at score 12, or at score 4 when 60 % of the content would be removed.
   */
  public static SafetyPolicy defaults() {
    return new SafetyPolicy(
        List.of(
            PolicyRule.of("role.wrapper-forgery", Severity.LOW, Verdict.SANITIZE),
            PolicyRule.of("exfil.markdown-beacon", Severity.LOW, Verdict.SANITIZE),
            PolicyRule.of("unicode.tag-smuggling", Severity.LOW, Verdict.SANITIZE),
            PolicyRule.of("density.", Severity.LOW, Verdict.BLOCK)),
        12, 0.6, 4);
  }

  /** This policy with {@code rule} in front (so it wins over the existing rules). */
  public SafetyPolicy with(PolicyRule rule) {
    List<PolicyRule> r = new ArrayList<>();
    r.add(rule);
    r.addAll(rules);
    return new SafetyPolicy(r, blockScore, blockCoverage, coverageMinScore);
  }

  /** The verdict for one finding from {@code provenance}. */
  public Verdict decide(SafetyFinding finding, Provenance provenance) {
    for (PolicyRule r : rules) {
      if (r.matches(finding, provenance)) {
        return r.verdict();
      }
    }
    return switch (finding.severity()) {
      case CRITICAL, HIGH -> Verdict.SANITIZE;
      case MEDIUM -> Verdict.WARN;
      case LOW, INFO -> Verdict.PASS;
    };
  }

  /** Whether findings with this score, covering this fraction of the content, must be blocked. */
  boolean overwhelming(int score, double coverage) {
    return score >= blockScore || (score >= coverageMinScore && coverage >= blockCoverage);
  }

  static int weight(Severity s) {
    return switch (s) {
      case CRITICAL -> 3;
      case HIGH -> 2;
      case MEDIUM -> 1;
      default -> 0;
    };
  }
}
