package dev.ironclaw4j.guard.attest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Byte helpers: strict hex, little-endian integers, digests. */
final class Bin {
  private static final HexFormat HEX = HexFormat.of();

  private Bin() {}

  /**
   * Decodes hex text (an optional {@code 0x} prefix, upper or lower case, even length).
   *
   * @throws IllegalArgumentException for anything else, or more than {@code maxBytes} bytes
   */
  static byte[] unhex(String text, int maxBytes) {
    if (text == null) {
      throw new IllegalArgumentException("missing hex value");
    }
    String s = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (s.length() % 2 != 0 || s.length() / 2 > maxBytes) {
      throw new IllegalArgumentException(s.length() % 2 != 0 ? "odd-length hex" : "hex value longer than " + maxBytes + " bytes");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        throw new IllegalArgumentException("not hex");
      }
    }
    return HEX.parseHex(s);
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int off) {
    return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
  }

  static byte[] slice(byte[] b, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, off, out, 0, len);
    return out;
  }

  static boolean allZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  static byte[] sha256(byte[]... parts) {
    return digest("SHA-256", parts);
  }

  static byte[] sha384(byte[]... parts) {
    return digest("SHA-384", parts);
  }

  private static byte[] digest(String alg, byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance(alg);
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " is part of every JDK", e);
    }
  }
}
