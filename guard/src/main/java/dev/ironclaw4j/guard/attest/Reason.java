package dev.ironclaw4j.guard.attest;

/**
 * The reason codes of {@link AttestationException}: one per check that can fail, stable and
 * machine-readable. {@code docs/attestation.md} explains each.
 */
public final class Reason {
  private Reason() {}

  /** The provider's report could not be fetched (network, egress denial, HTTP status). */
  public static final String REPORT_UNAVAILABLE = "report-unavailable";
  /** The report is larger than {@link Limits#MAX_REPORT_BYTES}. */
  public static final String REPORT_TOO_LARGE = "report-too-large";
  /** The report is not the JSON the provider documents, or lacks a field we verify. */
  public static final String REPORT_MALFORMED = "report-malformed";
  /** The TDX quote is larger than {@link Limits#MAX_QUOTE_BYTES}. */
  public static final String QUOTE_TOO_LARGE = "quote-too-large";
  /** The TDX quote does not parse. */
  public static final String QUOTE_MALFORMED = "quote-malformed";
  /** A quote version, TEE type, key type or certification data type this client does not verify. */
  public static final String QUOTE_UNSUPPORTED = "quote-unsupported";
  /** The PCK certificate chain does not verify (a signature, a name, a validity period, a constraint). */
  public static final String CHAIN_BROKEN = "pck-chain-broken";
  /** The PCK certificate chain does not end at the pinned root (Intel's in production). */
  public static final String CHAIN_UNTRUSTED = "pck-chain-untrusted";
  /** The PCK key's signature over the quoting enclave's report is invalid. */
  public static final String QE_REPORT_SIGNATURE = "qe-report-signature-invalid";
  /** The quoting enclave's report does not commit to the attestation key. */
  public static final String QE_BINDING = "qe-binding-mismatch";
  /** The attestation key's signature over the quote header and TD report is invalid. */
  public static final String QUOTE_SIGNATURE = "quote-signature-invalid";
  /** Intel's collateral (CRLs, TCB info, QE identity) could not be fetched and no usable cached copy exists. */
  public static final String COLLATERAL_UNAVAILABLE = "collateral-unavailable";
  /** Collateral past its {@code nextUpdate}, or a cached copy older than the allowed age. */
  public static final String COLLATERAL_EXPIRED = "collateral-expired";
  /** A certificate of the chain is on Intel's revocation list. */
  public static final String COLLATERAL_REVOKED = "collateral-revoked";
  /** Collateral whose signature or format does not verify. */
  public static final String COLLATERAL_INVALID = "collateral-invalid";
  /** The quoting enclave is not the one Intel's QE identity names, or its TCB is not acceptable. */
  public static final String QE_IDENTITY = "qe-identity-mismatch";
  /** The platform's TCB status (from Intel's TCB info) is not one the policy accepts. */
  public static final String TCB_STATUS = "tcb-status-rejected";
  /** The trust domain runs with debug enabled: its memory is readable by the host. */
  public static final String TD_DEBUG = "td-debug-enabled";
  /** A service TD (MRSERVICETD of a TD report 1.5) is bound to the trust domain and could act on it. */
  public static final String TD_SERVICE_BOUND = "td-service-td-bound";
  /** The report data does not commit to the signing identity the report names. */
  public static final String SIGNING_KEY_MISMATCH = "signing-key-mismatch";
  /** The report data does not contain the nonce of this request. */
  public static final String NONCE_MISMATCH = "nonce-mismatch";
  /** The report answers one of our earlier nonces: a recorded report played back. */
  public static final String REPORT_REPLAYED = "report-replayed";
  /** The event log does not parse, or is larger than {@link Limits#MAX_EVENT_LOG_CHARS}. */
  public static final String EVENT_LOG_INVALID = "event-log-invalid";
  /** Replaying the event log does not give the RTMRs of the quote, or an event's digest is wrong. */
  public static final String EVENT_LOG_MISMATCH = "event-log-mismatch";
  /** A measured value differs from the value the user pinned. */
  public static final String MEASUREMENT_MISMATCH = "measurement-mismatch";
  /** Nothing is pinned for this provider yet: run {@code ironclaw4j attest pin}. */
  public static final String NOT_PINNED = "measurements-not-pinned";
  /** The GPU evidence could not be verified (NVIDIA's service unreachable, or no evidence) and the policy requires it. */
  public static final String GPU_UNVERIFIED = "gpu-unverified";
  /** NVIDIA's attestation token says the GPU failed, or the token does not verify. */
  public static final String GPU_FAILED = "gpu-attestation-failed";
  /** The pin file does not parse; nothing in it is used. */
  public static final String PIN_FILE_INVALID = "pin-file-invalid";
  /** A response signature does not verify against an attested signing identity. */
  public static final String RESPONSE_SIGNATURE = "response-signature-invalid";
}
