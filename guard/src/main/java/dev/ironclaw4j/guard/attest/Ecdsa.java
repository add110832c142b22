package dev.ironclaw4j.guard.attest;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;

/** ECDSA on the NIST curves with raw r||s signatures, through the JDK's provider. */
final class Ecdsa {
  private Ecdsa() {}

  /** Verifies an r||s signature; false for any failure, never an exception. */
  static boolean verify(PublicKey key, String alg, byte[] data, byte[] rs) {
    try {
      Signature s = Signature.getInstance(alg);
      s.initVerify(key);
      s.update(data);
      return s.verify(rs);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** A public key from its raw coordinates x||y on {@code curve} (e.g. secp256r1). */
  static PublicKey key(String curve, byte[] x, byte[] y) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(curve));
      ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
      return KeyFactory.getInstance("EC").generatePublic(
          new ECPublicKeySpec(new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), spec));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a point of " + curve, e);
    }
  }

  /** A P-256 key from the 64 bytes x||y of a quote's attestation key. */
  static PublicKey p256(byte[] xy) {
    if (xy.length != 64) {
      throw new IllegalArgumentException("a P-256 key is 64 bytes");
    }
    return key("secp256r1", Bin.slice(xy, 0, 32), Bin.slice(xy, 32, 32));
  }
}
