package dev.ironclaw4j.guard.vault;

import java.util.List;

/**
 * The current vault values, for known-secret matching by the leak detector (which must block any of
 * them, in any encoding, from leaving). {@link #version()} changes whenever the set changes, so a
 * matcher built from an older snapshot can be rebuilt.
 */
public interface KnownSecrets {
  /** No secrets: a detector without a vault still finds credential patterns. */
  KnownSecrets NONE =
      new KnownSecrets() {
        @Override
        public List<SecretValue> current() {
          return List.of();
        }

        @Override
        public long version() {
          return 0;
        }
      };

  /** The values now in the vault (empty while it is locked). */
  List<SecretValue> current();

  /** Increases whenever {@link #current()} would return something different. */
  long version();
}
