package dev.ironclaw4j.guard.attest;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V2TBSCertListGenerator;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Certificates and CRLs made in the tests, with BouncyCastle's ASN.1 and the JDK's ECDSA: a stand-in for Intel's PKI. */
final class TestPki {
  private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
  private static long serial = 1000;

  private TestPki() {}

  static KeyPair p256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static synchronized BigInteger nextSerial() {
    return BigInteger.valueOf(++serial);
  }

  /**
   * A certificate.
   *
   * @param pathLen -1 for an end-entity certificate
   */
  static X509Certificate cert(String subject, String issuer, PublicKey key, PrivateKey signer, Instant from, Instant to, int pathLen,
      Extension... extra) {
    return cert(subject, new X500Name(issuer), key, signer, from, to, pathLen, extra);
  }

  static X509Certificate cert(String subject, X500Name issuer, PublicKey key, PrivateKey signer, Instant from, Instant to, int pathLen,
      Extension... extra) {
    try {
      V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
      g.setSerialNumber(new ASN1Integer(nextSerial()));
      g.setIssuer(issuer);
      g.setSubject(new X500Name(subject));
      g.setStartDate(new Time(Date.from(from)));
      g.setEndDate(new Time(Date.from(to)));
      g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
      g.setSignature(ECDSA_SHA256);
      ExtensionsGenerator eg = new ExtensionsGenerator();
      if (pathLen >= 0) {
        eg.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
        eg.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        eg.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        eg.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
      }
      for (Extension e : extra) {
        eg.addExtension(e);
      }
      g.setExtensions(eg.generate());
      TBSCertificate tbs = g.generateTBSCertificate();
      byte[] der = signed(tbs, signer);
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static X509CRL crl(String issuer, PrivateKey signer, Instant thisUpdate, Instant nextUpdate, List<BigInteger> revoked) {
    try {
      V2TBSCertListGenerator g = new V2TBSCertListGenerator();
      g.setIssuer(new X500Name(issuer));
      g.setSignature(ECDSA_SHA256);
      g.setThisUpdate(new Time(Date.from(thisUpdate)));
      g.setNextUpdate(new Time(Date.from(nextUpdate)));
      for (BigInteger s : revoked) {
        g.addCRLEntry(new ASN1Integer(s), new Time(Date.from(thisUpdate)), 0);
      }
      TBSCertList tbs = g.generateTBSCertList();
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(signed(tbs, signer)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] signed(ASN1Encodable tbs, PrivateKey signer) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(signer);
    s.update(tbs.toASN1Primitive().getEncoded(ASN1Encoding.DER));
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(tbs);
    v.add(ECDSA_SHA256);
    v.add(new DERBitString(s.sign()));
    return new DERSequence(v).getEncoded(ASN1Encoding.DER);
  }

  /** The SGX extension of a PCK certificate: PPID, TCB (16 SGX SVNs, PCE SVN, CPU SVN), PCE id, FMSPC, SGX type. */
  static Extension sgxExtension(byte[] fmspc, byte[] pceId, int[] sgxSvn, int pceSvn) {
    String base = PckInfo.SGX_EXTENSION;
    ASN1EncodableVector tcb = new ASN1EncodableVector();
    byte[] cpuSvn = new byte[16];
    for (int i = 0; i < 16; i++) {
      tcb.add(pair(base + ".2." + (i + 1), new ASN1Integer(sgxSvn[i])));
      cpuSvn[i] = (byte) sgxSvn[i];
    }
    tcb.add(pair(base + ".2.17", new ASN1Integer(pceSvn)));
    tcb.add(pair(base + ".2.18", new DEROctetString(cpuSvn)));
    ASN1EncodableVector all = new ASN1EncodableVector();
    all.add(pair(base + ".1", new DEROctetString(new byte[16])));
    all.add(pair(base + ".2", new DERSequence(tcb)));
    all.add(pair(base + ".3", new DEROctetString(pceId)));
    all.add(pair(base + ".4", new DEROctetString(fmspc)));
    all.add(pair(base + ".5", new ASN1Enumerated(0)));
    try {
      return new Extension(new ASN1ObjectIdentifier(base), false, new DERSequence(all).getEncoded(ASN1Encoding.DER));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DERSequence pair(String oid, ASN1Encodable value) {
    return new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
  }

  static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sign(PrivateKey key, String alg, byte[] data) {
    try {
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 64 bytes x||y of a P-256 (or, with 48, P-384) public key. */
  static byte[] xy(PublicKey key, int size) {
    java.security.interfaces.ECPublicKey k = (java.security.interfaces.ECPublicKey) key;
    return Bin.concat(fixed(k.getW().getAffineX(), size), fixed(k.getW().getAffineY(), size));
  }

  static byte[] fixed(BigInteger v, int size) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[size];
    int n = Math.min(b.length, size);
    System.arraycopy(b, b.length - n, out, size - n, n);
    return out;
  }
}
