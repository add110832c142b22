package dev.ironclaw4j.guard.attest;

import dev.ironclaw4j.guard.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The check an attested provider's client makes before every prompt:
 *
 * <pre>{@code
 * Attested a = gate.requireVerified(provider);   // throws AttestationException: send nothing
 * EgressResponse r = egress.send(chatRequest);
 * a.verifyResponse(signature, requestBody, r.body(), model);   // where the provider signs responses
 * }</pre>
 *
 * A verification is reused until it expires (the policy's evidence lifetime, or earlier when Intel's
 * collateral expires); then the next prompt waits for a fresh one, with a fresh nonce. A failed
 * verification is never reused. Every verification is written to the audit log. Thread-safe;
 * concurrent prompts to one provider share one verification.
 */
public final class AttestationGate {
  private final AttestationVerifier verifier;
  private final Function<String, AttestationPolicy> policies;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, Attested> current = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /**
   * @param policies the policy (pins included) of a provider, by provider id
   * @param audit where each verification is recorded; null records nothing (tests)
   */
  public AttestationGate(AttestationVerifier verifier, Function<String, AttestationPolicy> policies, AuditLog audit, Clock clock) {
    this.verifier = Objects.requireNonNull(verifier);
    this.policies = Objects.requireNonNull(policies);
    this.audit = audit;
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Returns the provider's current attestation, verifying it first when there is none or it expired.
   *
   * @throws AttestationException naming the first failed check; the prompt must not be sent
   */
  public Attested requireVerified(AttestationProvider provider) {
    String id = provider.id();
    synchronized (locks.computeIfAbsent(id, k -> new Object())) {
      Instant now = clock.instant();
      Attested a = current.get(id);
      if (a != null && now.isBefore(a.expires())) {
        return a;
      }
      current.remove(id);
      Verification v = verifier.check(provider, policies.apply(id));
      if (audit != null) {
        audit.record(v.auditEvent("attest"));
      }
      if (!v.verified()) {
        throw v.failure();
      }
      a = new Attested(id, v.at(), v.expires(), v.signingAddresses(), v);
      current.put(id, a);
      return a;
    }
  }

  /** Forgets the provider's attestation (its pins changed, or a response signature failed). */
  public void invalidate(String providerId) {
    current.remove(providerId);
  }
}
