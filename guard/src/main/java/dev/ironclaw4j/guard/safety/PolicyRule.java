package dev.ironclaw4j.guard.safety;

import java.util.Objects;
import java.util.Set;

/**
 * One policy rule: findings whose rule id starts with {@code rulePrefix} (empty: any), with at least
 * {@code minSeverity}, from one of {@code sources} (empty: any) through one of {@code channels}
 * (empty: any) get {@code verdict}. The first matching rule of a {@link SafetyPolicy} wins.
 */
public record PolicyRule(String rulePrefix, Severity minSeverity, Set<Source> sources, Set<String> channels, Verdict verdict) {
  public PolicyRule {
    Objects.requireNonNull(rulePrefix, "rulePrefix");
    Objects.requireNonNull(minSeverity, "minSeverity");
    Objects.requireNonNull(verdict, "verdict");
    sources = Set.copyOf(sources);
    channels = Set.copyOf(channels);
  }

  /** A rule for every source and channel. */
  public static PolicyRule of(String rulePrefix, Severity minSeverity, Verdict verdict) {
    return new PolicyRule(rulePrefix, minSeverity, Set.of(), Set.of(), verdict);
  }

  /** A rule for some sources only. */
  public static PolicyRule forSources(String rulePrefix, Severity minSeverity, Set<Source> sources, Verdict verdict) {
    return new PolicyRule(rulePrefix, minSeverity, sources, Set.of(), verdict);
  }

  /** A rule for some channels only (e.g. {@code lsp}, {@code web}, {@code cli}). */
  public static PolicyRule forChannels(String rulePrefix, Severity minSeverity, Set<String> channels, Verdict verdict) {
    return new PolicyRule(rulePrefix, minSeverity, Set.of(), channels, verdict);
  }

  boolean matches(SafetyFinding f, Provenance p) {
    return f.ruleId().startsWith(rulePrefix)
        && f.severity().atLeast(minSeverity)
        && (sources.isEmpty() || sources.contains(p.source()))
        && (channels.isEmpty() || (p.channel() != null && channels.contains(p.channel())));
  }
}
