/**
 * The TEE attestation client: before a prompt goes to a confidential-inference provider, its hardware
 * must prove what it runs. {@link dev.ironclaw4j.guard.attest.AttestationGate#requireVerified} fetches
 * the provider's report (through egress, with a fresh nonce) and {@link
 * dev.ironclaw4j.guard.attest.AttestationVerifier} checks, locally: the Intel TDX quote and its PCK
 * chain to Intel's SGX root (pinned in {@link dev.ironclaw4j.guard.attest.TrustRoot}), Intel's
 * collateral (CRLs, TCB info, QE identity; offline means failure unless a cached copy of an allowed
 * age exists), the binding of the node's signing key and of our nonce in the report data, the event
 * log replayed into the RTMRs, the measured software against the user's pins, and the NVIDIA GPU
 * evidence through NVIDIA's signed token (or plainly "unverified"). Response signatures are checked
 * against the attested keys ({@link dev.ironclaw4j.guard.attest.ResponseSignature}).
 *
 * <p>Every failure is an {@link dev.ironclaw4j.guard.attest.AttestationException} whose reason code
 * names the check ({@link dev.ironclaw4j.guard.attest.Reason}); every input is size-capped
 * ({@link dev.ironclaw4j.guard.attest.Limits}). docs/attestation.md says what is verified, what is
 * trusted and what is not.
 */
package dev.ironclaw4j.guard.attest;
