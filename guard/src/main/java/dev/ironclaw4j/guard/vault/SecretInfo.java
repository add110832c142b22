package dev.ironclaw4j.guard.vault;

import java.time.Instant;
import java.util.List;

/**
 * What {@code secret list} shows about one secret: everything but the value.
 *
 * @param problem why the secret is unusable (tampered), or null
 */
public record SecretInfo(
    String name,
    List<SecretBinding> bindings,
    Instant createdAt,
    Instant updatedAt,
    Instant lastUsedAt,
    long useCount,
    Instant expiresAt,
    State state,
    String problem) {
  /** Whether the secret can be used. */
  public enum State {
    OK,
    EXPIRED,
    TAMPERED
  }

  public SecretInfo {
    bindings = List.copyOf(bindings);
  }
}
