package dev.ironclaw4j.guard.vault;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id cost parameters for turning a passphrase into a key-encryption key. Stored with the vault,
 * so a later release with higher defaults still opens an old vault. {@link #of} refuses anything
 * weaker than {@link #DEFAULT}; weaker parameters exist only through {@link #insecureForTestsOnly()},
 * whose name is the warning.
 */
public final class Argon2Params {
  /** 64 MiB, 3 passes, 1 lane: about 0.3 s on one core. */
  public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);

  /** Upper bounds: a stored vault naming more than this is refused rather than exhausting memory. */
  static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
  static final int MAX_ITERATIONS = 64;
  static final int MAX_PARALLELISM = 16;

  private static final Pattern FORMAT = Pattern.compile("argon2id:m=(\\d{1,9}),t=(\\d{1,4}),p=(\\d{1,3})");

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;

  private Argon2Params(int memoryKiB, int iterations, int parallelism) {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
        || memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException(
          "Argon2id parameters out of range: m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism);
    }
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  /**
   * Parameters at least as strong as {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException for weaker or absurd parameters
   */
  public static Argon2Params of(int memoryKiB, int iterations, int parallelism) {
    if (memoryKiB < DEFAULT.memoryKiB || iterations < DEFAULT.iterations) {
      throw new IllegalArgumentException("Argon2id parameters below m=" + DEFAULT.memoryKiB + " KiB, t="
          + DEFAULT.iterations + " are refused");
    }
    return new Argon2Params(memoryKiB, iterations, parallelism);
  }

  /**
   * Cheap parameters (256 KiB, one pass) so tests run fast. Never use them for a real vault: a stolen
   * database would then be cheap to brute-force.
   */
  public static Argon2Params insecureForTestsOnly() {
    return new Argon2Params(256, 1, 1);
  }

  /** Reads the stored form; only range-checked, so a vault made with test parameters still opens. */
  static Argon2Params parseStored(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("unknown key-derivation parameters '" + text + "'");
    }
    return new Argon2Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  public int memoryKiB() {
    return memoryKiB;
  }

  public int iterations() {
    return iterations;
  }

  public int parallelism() {
    return parallelism;
  }

  /** The stored form, e.g. {@code argon2id:m=65536,t=3,p=1}. */
  public String format() {
    return "argon2id:m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Argon2Params p && p.memoryKiB == memoryKiB && p.iterations == iterations
        && p.parallelism == parallelism;
  }

  @Override
  public int hashCode() {
    return (memoryKiB * 31 + iterations) * 31 + parallelism;
  }

  @Override
  public String toString() {
    return format();
  }
}
