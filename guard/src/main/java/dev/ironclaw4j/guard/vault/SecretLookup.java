package dev.ironclaw4j.guard.vault;

import java.util.List;
import java.util.Optional;

/**
 * What egress needs from the vault to inject a credential: the value of a named secret and the
 * bindings that say where it may go. Implemented by the vault; egress is handed an instance.
 */
public interface SecretLookup {
  /** No secrets at all (no vault, or a locked one): every placeholder is refused by name. */
  SecretLookup NONE =
      new SecretLookup() {
        @Override
        public Optional<Resolved> resolve(String name) {
          return Optional.empty();
        }

        @Override
        public List<String> names() {
          return List.of();
        }
      };

  /** A secret with its bindings. */
  record Resolved(SecretValue value, List<SecretBinding> bindings) {
    public Resolved {
      bindings = List.copyOf(bindings);
    }
  }

  /**
   * The secret with this name, or empty if there is none (then the request must be refused with that
   * name, never sent with the placeholder text).
   */
  Optional<Resolved> resolve(String name);

  /** Names of all secrets (for binding-driven injection, which needs no placeholder). */
  List<String> names();

  /** Records that a secret was injected into a request that was sent (last used, use count). */
  default void recordUse(String name) {}
}
