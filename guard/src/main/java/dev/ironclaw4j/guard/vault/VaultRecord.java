package dev.ironclaw4j.guard.vault;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored secret. The ciphertext is bound (associated data) to the name, the version, the
 * bindings text and the expiry, so none of them can be changed, swapped or rolled back without the
 * record failing its integrity check. Last use and use count are bookkeeping, not authenticated.
 *
 * @param bindings the bindings in their stored text form (JSON)
 * @param expiresAt when the secret stops being resolvable, or null for never
 * @param lastUsedAt when it was last injected into a sent request, or null
 */
public record VaultRecord(
    String name,
    long version,
    byte[] ciphertext,
    String bindings,
    Instant expiresAt,
    Instant createdAt,
    Instant updatedAt,
    Instant lastUsedAt,
    long useCount) {
  public VaultRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(bindings, "bindings");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  @Override
  public String toString() {
    return "VaultRecord[" + name + " v" + version + ", " + ciphertext.length + " bytes of ciphertext]";
  }
}
