package dev.ironclaw4j.guard.vault;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store keeps about the vault as a whole. Nothing here is secret on its own: the keyset is
 * encrypted under the key-encryption key, the verifier is a MAC that only tells whether a candidate
 * key-encryption key is the right one, and the manifest is encrypted under the keyset.
 *
 * @param formatVersion layout of this record, for future migrations
 * @param kekMode {@code passphrase} or {@code key-file}
 * @param kdfParams the Argon2id parameters ({@link Argon2Params#format()}), or {@code none} for a key file
 * @param salt random salt for the key derivation
 * @param encryptedKeyset the Tink keyset of data keys, encrypted under the key-encryption key
 * @param verifier MAC proving a key-encryption key is the right one (wrong passphrase fails closed)
 * @param manifest every record's name and current version, encrypted under the keyset (rollback check)
 */
public record VaultMeta(
    int formatVersion,
    String kekMode,
    String kdfParams,
    byte[] salt,
    byte[] encryptedKeyset,
    byte[] verifier,
    byte[] manifest,
    Instant createdAt,
    Instant updatedAt) {
  public static final int FORMAT = 1;

  public VaultMeta {
    Objects.requireNonNull(kekMode, "kekMode");
    Objects.requireNonNull(kdfParams, "kdfParams");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(encryptedKeyset, "encryptedKeyset");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  VaultMeta withKeys(String mode, String kdf, byte[] newSalt, byte[] keyset, byte[] newVerifier, Instant now) {
    return new VaultMeta(formatVersion, mode, kdf, newSalt, keyset, newVerifier, manifest, createdAt, now);
  }

  VaultMeta withKeysetAndManifest(byte[] keyset, byte[] newManifest, Instant now) {
    return new VaultMeta(formatVersion, kekMode, kdfParams, salt, keyset, verifier, newManifest, createdAt, now);
  }

  VaultMeta withManifest(byte[] newManifest, Instant now) {
    return new VaultMeta(formatVersion, kekMode, kdfParams, salt, encryptedKeyset, verifier, newManifest, createdAt, now);
  }

  @Override
  public String toString() {
    return "VaultMeta[" + kekMode + ", " + kdfParams + ", created " + createdAt + "]";
  }
}
