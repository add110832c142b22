package dev.ironclaw4j.guard.vault;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the key-encryption key comes from: a passphrase (stretched with Argon2id) or a key file of 32
 * random bytes kept outside the data directory. A passphrase source holds a copy of the characters;
 * {@link #wipe()} overwrites it once the caller is done.
 */
public sealed interface KekSource {
  /** The mode name stored with the vault. */
  String mode();

  /** Overwrites any secret material held (best effort). */
  default void wipe() {}

  /** A passphrase; the array is copied, so the caller should wipe its own. */
  static KekSource passphrase(char[] chars) {
    return new Passphrase(chars.clone());
  }

  /**
   * A key file.
   *
   * @param file the key file
   * @param forbiddenDir the data directory: a key file inside it is refused (it would sit beside the
   *     database it protects)
   */
  static KekSource keyFile(Path file, Path forbiddenDir) {
    return new KeyFileSource(file, forbiddenDir);
  }

  /** A passphrase. */
  final class Passphrase implements KekSource {
    public static final String MODE = "passphrase";
    /** Shortest passphrase accepted for {@code vault init} and {@code vault passwd}. */
    public static final int MIN_LENGTH = 12;

    private final char[] chars;

    private Passphrase(char[] chars) {
      this.chars = chars;
    }

    char[] chars() {
      return chars;
    }

    @Override
    public String mode() {
      return MODE;
    }

    @Override
    public void wipe() {
      Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
      return "Passphrase[REDACTED]";
    }
  }

  /** A key file. */
  record KeyFileSource(Path file, Path forbiddenDir) implements KekSource {
    public static final String MODE = "key-file";

    public KeyFileSource {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(forbiddenDir, "forbiddenDir");
    }

    @Override
    public String mode() {
      return MODE;
    }
  }
}
