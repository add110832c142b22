package dev.ironclaw4j.guard.attest;

/** Every size cap of the attestation client in one place. Inputs above a cap are refused, never truncated. */
public final class Limits {
  private Limits() {}

  /** Largest attestation report body (JSON) accepted from a provider. */
  public static final int MAX_REPORT_BYTES = 16 * 1024 * 1024;
  /** Largest TDX quote, in bytes (a real one is about 5 KiB). */
  public static final int MAX_QUOTE_BYTES = 16 * 1024;
  /** Largest event log, in characters of its JSON text. */
  public static final int MAX_EVENT_LOG_CHARS = 256 * 1024;
  /** Most entries in one event log. */
  public static final int MAX_EVENT_LOG_ENTRIES = 512;
  /** Largest event payload, in bytes. */
  public static final int MAX_EVENT_PAYLOAD_BYTES = 16 * 1024;
  /** Largest app compose document, in characters. */
  public static final int MAX_APP_COMPOSE_CHARS = 256 * 1024;
  /** Most attested nodes (gateway and model nodes) in one report. */
  public static final int MAX_NODES = 64;
  /** Largest NVIDIA GPU evidence payload, in characters. */
  public static final int MAX_GPU_PAYLOAD_CHARS = 2 * 1024 * 1024;
  /** Largest collateral document (a CRL, TCB info, QE identity, a JWKS, NVIDIA's answer), in bytes. */
  public static final int MAX_COLLATERAL_BYTES = 1024 * 1024;
  /** Most certificates in one PEM chain. */
  public static final int MAX_CHAIN_CERTS = 4;
  /** Largest pin file, in bytes. */
  public static final int MAX_PIN_FILE_BYTES = 1024 * 1024;
  /** Largest signed text of a response signature. */
  public static final int MAX_SIGNED_TEXT_CHARS = 4096;
  /** Deepest JSON nesting accepted anywhere in this package. */
  static final int MAX_JSON_DEPTH = 32;
}
