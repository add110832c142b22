package dev.ironclaw4j.guard.attest;

/**
 * A confidential-inference provider that can prove what it runs. Implementations only fetch and parse
 * (through egress, size-capped); every check is made by {@link AttestationVerifier}, the same way for
 * every provider. {@link NearAiProvider} is the first; any dstack-style deployment fits.
 */
public interface AttestationProvider {
  /** The name the user knows the provider by, e.g. {@code near-ai}: the key of its pins and of the audit log. */
  String id();

  /**
   * Fetches the provider's attestation report for this nonce.
   *
   * @param nonce 32 fresh random bytes the report must commit to
   * @throws AttestationException {@code report-unavailable}, {@code report-too-large} or {@code report-malformed}
   */
  Report fetch(byte[] nonce);
}
