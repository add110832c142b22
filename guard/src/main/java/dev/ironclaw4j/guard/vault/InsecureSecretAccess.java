package dev.ironclaw4j.guard.vault;

/**
 * A capability token: holding one is the only way to read the bytes of a {@link SecretValue}. Every
 * use is a place a security reviewer reads; an architecture test allows references to this class only
 * in {@code guard.vault}, {@code guard.egress} (credential injection) and {@code guard.leak}
 * (known-secret matching). Modelled on Tink's {@code InsecureSecretKeyAccess}.
 */
public final class InsecureSecretAccess {
  private static final InsecureSecretAccess INSTANCE = new InsecureSecretAccess();

  private InsecureSecretAccess() {}

  /** The token. The name of this class at the call site is the audit trail. */
  public static InsecureSecretAccess get() {
    return INSTANCE;
  }
}
