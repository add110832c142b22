package dev.ironclaw4j.guard.attest;

/**
 * Verifies a node's NVIDIA GPU evidence, or says plainly that it could not: GPU evidence is never
 * passed silently. {@link NvidiaNras} asks NVIDIA's remote attestation service and checks its signed
 * token; {@link #off()} verifies nothing and says so.
 */
public interface GpuVerifier {
  /** The outcome: verified, unverified (could not be checked), or failed (checked, and bad). */
  record Verdict(Outcome outcome, String detail) {
    /** What became of the evidence. */
    public enum Outcome { VERIFIED, UNVERIFIED, FAILED }

    static Verdict verified(String detail) {
      return new Verdict(Outcome.VERIFIED, detail);
    }

    static Verdict unverified(String detail) {
      return new Verdict(Outcome.UNVERIFIED, detail);
    }

    static Verdict failed(String detail) {
      return new Verdict(Outcome.FAILED, detail);
    }
  }

  /**
   * @param payload the node's GPU evidence (JSON text, already size-capped)
   * @param nonce the nonce of this verification, which the evidence must answer
   */
  Verdict verify(String payload, byte[] nonce);

  /** Verifies nothing: every GPU is reported unverified. */
  static GpuVerifier off() {
    return (payload, nonce) -> Verdict.unverified("GPU verification is turned off");
  }
}
