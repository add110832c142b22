package dev.ironclaw4j.guard.vault;

import dev.ironclaw4j.guard.GuardException;

/**
 * Something the vault refused or could not do. The reason code is stable ({@code wrong-passphrase},
 * {@code tampered}, {@code locked}, {@code unknown-secret}, {@code not-initialized},
 * {@code already-initialized}, {@code key-file-unsafe}, {@code key-file-invalid}, {@code bad-value},
 * {@code bad-name}, {@code wrong-unlock-method}, {@code weak-passphrase}); the message names the record
 * or file concerned and says what to do, and never contains a secret value.
 */
public final class VaultException extends GuardException {
  private final String secretName;

  public VaultException(String reason, String message) {
    this(reason, message, null, null);
  }

  public VaultException(String reason, String message, String secretName, Throwable cause) {
    super(reason, message, cause);
    this.secretName = secretName;
  }

  /** The secret this is about, or null when it concerns the whole vault. */
  public String secretName() {
    return secretName;
  }
}
