package dev.ironclaw4j.guard.safety;

import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link SafetyLayer}: the policy, the hosts that images and links may point to
 * with data in their URL (exact {@code host} or {@code *.suffix}; empty by default: nothing may), and
 * the input limits.
 */
public record SafetyConfig(SafetyPolicy policy, List<String> allowedLinkHosts, InputValidator.Limits limits) {
  public SafetyConfig {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limits, "limits");
    allowedLinkHosts = List.copyOf(allowedLinkHosts);
    for (String h : allowedLinkHosts) {
      if (h.isBlank() || h.contains("/") || h.contains(":") || (h.contains("*") && !h.startsWith("*."))
          || h.lastIndexOf('*') > 0) {
        throw new IllegalArgumentException("allowed link host must be 'host' or '*.suffix': " + h);
      }
    }
  }

  /** Default policy, no allowed link hosts, standard limits. */
  public static SafetyConfig defaults() {
    return new SafetyConfig(SafetyPolicy.defaults(), List.of(), InputValidator.Limits.standard());
  }

  public SafetyConfig withAllowedLinkHosts(List<String> hosts) {
    return new SafetyConfig(policy, hosts, limits);
  }

  public SafetyConfig withPolicy(SafetyPolicy p) {
    return new SafetyConfig(p, allowedLinkHosts, limits);
  }
}
