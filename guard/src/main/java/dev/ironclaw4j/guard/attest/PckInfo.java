package dev.ironclaw4j.guard.attest;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * What Intel wrote into a PCK leaf certificate's SGX extension (OID 1.2.840.113741.1.13.1): the
 * platform's FMSPC and PCE id, which select its TCB info, and the TCB it was certified at (16 SGX
 * component SVNs and the PCE SVN). The issuing CA decides which PCK CRL applies.
 *
 * @param caType {@code platform} or {@code processor}, from the issuer's name
 */
record PckInfo(byte[] fmspc, byte[] pceId, int[] sgxSvn, int pceSvn, String caType) {
  static final String SGX_EXTENSION = "1.2.840.113741.1.13.1";
  private static final String TCB = SGX_EXTENSION + ".2";
  private static final String PCE_ID = SGX_EXTENSION + ".3";
  private static final String FMSPC = SGX_EXTENSION + ".4";

  static PckInfo of(X509Certificate leaf, X509Certificate issuer) {
    byte[] ext = leaf.getExtensionValue(SGX_EXTENSION);
    if (ext == null) {
      throw new IllegalArgumentException("the PCK certificate has no SGX extension");
    }
    byte[] fmspc = null;
    byte[] pceId = null;
    int[] svn = null;
    int pceSvn = -1;
    for (ASN1Encodable e : ASN1Sequence.getInstance(ASN1OctetString.getInstance(ext).getOctets())) {
      ASN1Sequence pair = ASN1Sequence.getInstance(e);
      String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
      ASN1Encodable value = pair.getObjectAt(1);
      switch (oid) {
        case FMSPC -> fmspc = octets(value, 6);
        case PCE_ID -> pceId = octets(value, 2);
        case TCB -> {
          svn = new int[16];
          for (ASN1Encodable c : ASN1Sequence.getInstance(value)) {
            ASN1Sequence comp = ASN1Sequence.getInstance(c);
            String id = ASN1ObjectIdentifier.getInstance(comp.getObjectAt(0)).getId();
            int n = Integer.parseInt(id.substring(TCB.length() + 1));
            if (n >= 1 && n <= 16) {
              svn[n - 1] = ASN1Integer.getInstance(comp.getObjectAt(1)).intValueExact();
            } else if (n == 17) {
              pceSvn = ASN1Integer.getInstance(comp.getObjectAt(1)).intValueExact();
            }
          }
        }
        default -> { /* PPID, SGX type, platform instance and configuration: not used */ }
      }
    }
    if (fmspc == null || pceId == null || svn == null || pceSvn < 0) {
      throw new IllegalArgumentException("the PCK certificate's SGX extension lacks FMSPC, PCE id or TCB");
    }
    String issuerName = CertChain.name(issuer);
    String ca = issuerName.contains("Processor") ? "processor" : issuerName.contains("Platform") ? "platform" : null;
    if (ca == null) {
      throw new IllegalArgumentException("the PCK certificate's issuer '" + issuerName + "' is neither a Platform nor a Processor CA");
    }
    return new PckInfo(fmspc, pceId, svn, pceSvn, ca);
  }

  private static byte[] octets(ASN1Encodable v, int len) {
    byte[] b = ASN1OctetString.getInstance(v).getOctets();
    if (b.length != len) {
      throw new IllegalArgumentException("an SGX extension field has " + b.length + " bytes, expected " + len);
    }
    return b;
  }

  String fmspcHex() {
    return Bin.hex(fmspc);
  }
}
