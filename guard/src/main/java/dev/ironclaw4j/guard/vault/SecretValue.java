package dev.ironclaw4j.guard.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decrypted secret. Opaque on purpose: {@code toString}, logging, exceptions and serializers only
 * ever see its name; equality is constant-time; the bytes come out only through
 * {@link #insecureBytes(InsecureSecretAccess)}, which needs the capability token. {@link #wipe()}
 * overwrites the bytes (best effort: the JVM may have copied them before).
 */
public final class SecretValue {
  private final String name;
  private final byte[] bytes;
  private volatile boolean wiped;

  private SecretValue(String name, byte[] bytes) {
    this.name = Objects.requireNonNull(name, "name");
    this.bytes = bytes;
  }

  /** Wraps a copy of the bytes; the caller should wipe its own array afterwards. */
  public static SecretValue of(String name, byte[] value) {
    Objects.requireNonNull(value, "value");
    return new SecretValue(name, value.clone());
  }

  /** Wraps the UTF-8 bytes of the characters; the caller should wipe its own array afterwards. */
  public static SecretValue ofChars(String name, char[] value) {
    java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(value));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    if (b.hasArray()) {
      Arrays.fill(b.array(), (byte) 0);
    }
    return new SecretValue(name, out);
  }

  /** The secret's name in the vault, e.g. {@code GITHUB_TOKEN}. Never the value. */
  public String name() {
    return name;
  }

  /** Length in bytes of the value. */
  public int length() {
    return bytes.length;
  }

  /**
   * A copy of the value's bytes, for the egress injector and the leak detector only.
   *
   * @throws IllegalStateException if the value was wiped
   */
  public byte[] insecureBytes(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    if (wiped) {
      throw new IllegalStateException("secret " + name + " was wiped");
    }
    return bytes.clone();
  }

  /** Overwrites the value in memory; later reads fail. */
  public void wipe() {
    wiped = true;
    Arrays.fill(bytes, (byte) 0);
  }

  /** Constant-time comparison of the values (names are not compared). */
  public boolean sameValueAs(SecretValue other) {
    return other != null && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue s && name.equals(s.name) && MessageDigest.isEqual(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "SecretValue[" + name + ", [REDACTED]]";
  }
}
