package dev.ironclaw4j.guard.attest;

import java.time.Instant;
import java.util.Set;

/**
 * A provider that passed attestation, until {@link #expires()}: the signing identities whose response
 * signatures may be accepted, and the verification that established it.
 */
public record Attested(String provider, Instant verifiedAt, Instant expires, Set<String> signingAddresses, Verification verification) {
  public Attested {
    signingAddresses = Set.copyOf(signingAddresses);
  }

  /**
   * Checks a completion's signature before its answer is shown.
   *
   * @throws AttestationException {@code response-signature-invalid}
   */
  public void verifyResponse(ResponseSignature.Signed signature, byte[] requestBody, byte[] responseBody, String model) {
    ResponseSignature.verify(signingAddresses, signature, requestBody, responseBody, model);
  }
}
