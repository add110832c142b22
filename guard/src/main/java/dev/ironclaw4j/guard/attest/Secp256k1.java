package dev.ironclaw4j.guard.attest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The Ethereum signing conventions NEAR AI uses for its signing address: secp256k1 keys, an address is
 * the last 20 bytes of Keccak-256 of the uncompressed public key (x||y), and a text is signed as an
 * EIP-191 "personal message" with a 65-byte signature r||s||v from which the signer's key is recovered
 * (SEC 1, section 4.1.6).
 */
final class Secp256k1 {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = CURVE.getN();

  private Secp256k1() {}

  static byte[] keccak256(byte[] data) {
    KeccakDigest d = new KeccakDigest(256);
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** The address of a public key given as x||y (64 bytes) or 0x04||x||y (65). */
  static byte[] address(byte[] publicKey) {
    byte[] xy = publicKey.length == 65 && publicKey[0] == 4 ? Bin.slice(publicKey, 1, 64) : publicKey;
    if (xy.length != 64) {
      throw new IllegalArgumentException("a secp256k1 public key is 64 bytes x||y");
    }
    CURVE.getCurve().decodePoint(Bin.concat(new byte[] {4}, xy)); // throws if not on the curve
    return Bin.slice(keccak256(xy), 12, 20);
  }

  /** Keccak-256 of {@code "\x19Ethereum Signed Message:\n" + length + message}. */
  static byte[] personalMessageHash(byte[] message) {
    byte[] prefix = ("\u0019Ethereum Signed Message:\n" + message.length).getBytes(StandardCharsets.UTF_8);
    return keccak256(Bin.concat(prefix, message));
  }

  /**
   * The address of the key that made a 65-byte signature r||s||v over a 32-byte hash.
   *
   * @throws IllegalArgumentException when the signature is malformed or no key is recoverable
   */
  static byte[] recoverAddress(byte[] hash, byte[] sig) {
    if (sig.length != 65 || hash.length != 32) {
      throw new IllegalArgumentException("a signature is 65 bytes r||s||v");
    }
    BigInteger r = new BigInteger(1, Bin.slice(sig, 0, 32));
    BigInteger s = new BigInteger(1, Bin.slice(sig, 32, 32));
    int v = sig[64] & 0xff;
    int recId = v >= 27 ? v - 27 : v;
    if (recId < 0 || recId > 1 || r.signum() == 0 || s.signum() == 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0) {
      throw new IllegalArgumentException("signature values out of range");
    }
    byte[] x = r.toByteArray();
    byte[] x32 = new byte[32];
    System.arraycopy(x, Math.max(0, x.length - 32), x32, Math.max(0, 32 - x.length), Math.min(32, x.length));
    ECPoint rPoint = CURVE.getCurve().decodePoint(Bin.concat(new byte[] {(byte) (2 + recId)}, x32));
    BigInteger e = new BigInteger(1, hash);
    BigInteger rInv = r.modInverse(N);
    // Q = r^-1 (sR - eG)
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(rPoint, rInv.multiply(s).mod(N), CURVE.getG(), rInv.multiply(e).negate().mod(N))
        .normalize();
    if (q.isInfinity()) {
      throw new IllegalArgumentException("no key recovers from this signature");
    }
    byte[] xy = Bin.slice(q.getEncoded(false), 1, 64);
    return Bin.slice(keccak256(xy), 12, 20);
  }
}
