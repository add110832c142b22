package dev.ironclaw4j.guard.attest;

import dev.ironclaw4j.guard.audit.AuditEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result of verifying one provider: every check made on every node, what each node measured,
 * and the signing identities that verified. It verified when no check failed.
 *
 * @param root how the trust root is named ("Intel SGX Root CA (pinned)", or a test root, said so)
 * @param expires when this verification stops vouching for the provider (its lifetime, or the first
 *     collateral expiry, whichever is first)
 */
public record Verification(String provider, Instant at, String root, List<CheckResult> checks, List<Measurements> measurements,
    Set<String> signingAddresses, Instant expires, long durationMillis) {
  public Verification {
    checks = List.copyOf(checks);
    measurements = List.copyOf(measurements);
    signingAddresses = Set.copyOf(signingAddresses);
  }

  /** True when at least one check ran and none failed. */
  public boolean verified() {
    return !checks.isEmpty() && checks.stream().noneMatch(CheckResult::failed);
  }

  public Optional<CheckResult> firstFailure() {
    return checks.stream().filter(CheckResult::failed).findFirst();
  }

  /** The exception that blocks the prompt: the first failed check's reason, with every check attached. */
  public AttestationException failure() {
    CheckResult f = firstFailure().orElseThrow(() -> new IllegalStateException("the verification passed"));
    long failed = checks.stream().filter(CheckResult::failed).count();
    return new AttestationException(f.reason(), "provider '" + provider + "' failed attestation: " + f.check() + " on " + f.node()
        + ": " + f.detail() + (failed > 1 ? " (and " + (failed - 1) + " more failed checks; run 'ironclaw4j attest check " + provider + "')" : ""),
        checks, null);
  }

  /** One audit record of this verification (no evidence bytes; the signing addresses are public identifiers). */
  public AuditEvent auditEvent(String actor) {
    Optional<CheckResult> f = firstFailure();
    long unverified = checks.stream().filter(c -> c.status() == CheckResult.Status.UNVERIFIED).count();
    String outcome = "checks=" + checks.size() + " nodes=" + measurements.size()
        + (unverified > 0 ? " unverified=" + unverified : "")
        + f.map(c -> " failed=" + c.check() + "@" + c.node()).orElse(" signers=" + String.join(",", new java.util.TreeSet<>(signingAddresses)))
        + " root=" + (root.startsWith("Intel") ? "intel" : "test");
    return new AuditEvent("attest.verify", actor, "", provider, "", verified() ? "verified" : "failed",
        f.map(CheckResult::reason).orElse(""), "", List.of(), durationMillis, outcome);
  }

  /** How long until {@link #expires}, from {@code now}. */
  public Duration remaining(Instant now) {
    return Duration.between(now, expires);
  }
}
