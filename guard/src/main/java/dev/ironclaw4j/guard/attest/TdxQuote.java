package dev.ironclaw4j.guard.attest;

import java.nio.charset.StandardCharsets;

/**
 * An Intel TDX quote, version 4 or 5, with ECDSA-P256 attestation and a PCK certificate chain
 * (Intel TDX DCAP Quoting Library API, appendix "Quote Format"). Parsing checks structure and sizes
 * only; {@link QuoteVerifier} checks what the bytes claim. All integers are little-endian.
 *
 * <pre>
 * header (48)  version u16 | att. key type u16 (2 = ECDSA P-256) | TEE type u32 (0x81 = TDX) | reserved 4
 *              | QE vendor id 16 | user data 20
 * v5 only      body type u16 (2 = TD report 1.0, 3 = TD report 1.5) | body size u32
 * body         TD report (584 or 648)
 * sig. data    length u32 | ECDSA signature r||s (64) over header..body | attestation key x||y (64)
 *              | cert. data type u16 (6 = QE report cert. data) | size u32
 *              |   QE report (384) | QE report signature (64) by the PCK key | QE auth data: size u16, data
 *              |   cert. data type u16 (5 = PCK chain, PEM) | size u32 | PEM chain (zero-padded)
 * </pre>
 */
record TdxQuote(
    int version,
    byte[] signedPart,
    TdReport body,
    byte[] signature,
    byte[] attestationKey,
    byte[] qeReportBytes,
    QeReport qeReport,
    byte[] qeReportSignature,
    byte[] qeAuthData,
    String pckChainPem) {

  static final int TEE_TDX = 0x81;
  static final int KEY_ECDSA_P256 = 2;
  private static final int HEADER = 48;
  private static final int TD10 = 584;
  private static final int TD15 = 648;
  private static final int QE_REPORT = 384;
  private static final int CERT_QE_REPORT = 6;
  private static final int CERT_PCK_CHAIN = 5;

  /** The TD report: what the TDX module measured and the 64 bytes of report data the guest chose. */
  record TdReport(byte[] teeTcbSvn, byte[] mrSeam, byte[] mrSignerSeam, byte[] seamAttributes, byte[] tdAttributes,
      byte[] xfam, byte[] mrTd, byte[] mrConfigId, byte[] mrOwner, byte[] mrOwnerConfig, byte[][] rtmr, byte[] reportData,
      byte[] mrServiceTd) {}

  /** The SGX report of the quoting enclave, signed by the PCK key. */
  record QeReport(byte[] cpuSvn, long miscSelect, byte[] attributes, byte[] mrEnclave, byte[] mrSigner, int isvProdId,
      int isvSvn, byte[] reportData) {}

  /**
   * Parses a quote.
   *
   * @throws AttestationException {@code quote-too-large}, {@code quote-malformed} or {@code quote-unsupported}
   */
  static TdxQuote parse(byte[] q) {
    if (q.length > Limits.MAX_QUOTE_BYTES) {
      throw new AttestationException(Reason.QUOTE_TOO_LARGE,
          "the TDX quote is " + q.length + " bytes; the limit is " + Limits.MAX_QUOTE_BYTES);
    }
    Reader r = new Reader(q);
    int version = r.u16();
    if (version != 4 && version != 5) {
      throw unsupported("quote version " + version + " (4 and 5 are verified)");
    }
    int keyType = r.u16();
    if (keyType != KEY_ECDSA_P256) {
      throw unsupported("attestation key type " + keyType + " (2, ECDSA P-256, is verified)");
    }
    long tee = r.u32();
    if (tee != TEE_TDX) {
      throw unsupported("TEE type 0x" + Long.toHexString(tee) + " (0x81, TDX, is verified)");
    }
    r.skip(HEADER - 8);
    int bodySize = TD10;
    if (version == 5) {
      int type = r.u16();
      long size = r.u32();
      if (type == 2 && size == TD10) {
        bodySize = TD10;
      } else if (type == 3 && size == TD15) {
        bodySize = TD15;
      } else {
        throw unsupported("v5 body type " + type + " of " + size + " bytes (TD report 1.0 or 1.5 is verified)");
      }
    }
    TdReport body = tdReport(r.bytes(bodySize));
    byte[] signed = Bin.slice(q, 0, r.pos);
    long sigLen = r.u32();
    byte[] sig = r.bytes(sigLen);
    if (!Bin.allZero(r.rest())) {
      throw malformed("bytes after the signature data");
    }
    Reader s = new Reader(sig);
    byte[] signature = s.bytes(64);
    byte[] attKey = s.bytes(64);
    int certType = s.u16();
    if (certType != CERT_QE_REPORT) {
      throw unsupported("certification data type " + certType + " (6, QE report certification data, is verified)");
    }
    Reader c = new Reader(s.bytes(s.u32()));
    s.requireEnd("signature data");
    byte[] qeBytes = c.bytes(QE_REPORT);
    byte[] qeSig = c.bytes(64);
    byte[] auth = c.bytes(c.u16());
    int inner = c.u16();
    if (inner != CERT_PCK_CHAIN) {
      throw unsupported("QE certification data type " + inner + " (5, PCK certificate chain, is verified)");
    }
    byte[] pem = c.bytes(c.u32());
    c.requireEnd("QE report certification data");
    return new TdxQuote(version, signed, body, signature, attKey, qeBytes, qeReport(qeBytes), qeSig, auth,
        new String(pem, StandardCharsets.US_ASCII));
  }

  private static TdReport tdReport(byte[] b) {
    Reader r = new Reader(b);
    byte[] teeTcbSvn = r.bytes(16);
    byte[] mrSeam = r.bytes(48);
    byte[] mrSignerSeam = r.bytes(48);
    byte[] seamAttributes = r.bytes(8);
    byte[] tdAttributes = r.bytes(8);
    byte[] xfam = r.bytes(8);
    byte[] mrTd = r.bytes(48);
    byte[] mrConfigId = r.bytes(48);
    byte[] mrOwner = r.bytes(48);
    byte[] mrOwnerConfig = r.bytes(48);
    byte[][] rtmr = {r.bytes(48), r.bytes(48), r.bytes(48), r.bytes(48)};
    byte[] reportData = r.bytes(64);
    byte[] mrServiceTd = new byte[48];
    if (b.length == TD15) { // a TD report 1.5 appends tee_tcb_svn2 (16, unused) and mr_servicetd (48)
      r.skip(16);
      mrServiceTd = r.bytes(48);
    }
    return new TdReport(teeTcbSvn, mrSeam, mrSignerSeam, seamAttributes, tdAttributes, xfam, mrTd, mrConfigId, mrOwner,
        mrOwnerConfig, rtmr, reportData, mrServiceTd);
  }

  private static QeReport qeReport(byte[] b) {
    Reader r = new Reader(b);
    byte[] cpuSvn = r.bytes(16);
    long misc = r.u32();
    r.skip(28);
    byte[] attributes = r.bytes(16);
    byte[] mrEnclave = r.bytes(32);
    r.skip(32);
    byte[] mrSigner = r.bytes(32);
    r.skip(96);
    int prodId = r.u16();
    int svn = r.u16();
    r.skip(60);
    byte[] reportData = r.bytes(64);
    return new QeReport(cpuSvn, misc, attributes, mrEnclave, mrSigner, prodId, svn, reportData);
  }

  private static AttestationException unsupported(String what) {
    return new AttestationException(Reason.QUOTE_UNSUPPORTED, "unsupported TDX quote: " + what);
  }

  private static AttestationException malformed(String what) {
    return new AttestationException(Reason.QUOTE_MALFORMED, "malformed TDX quote: " + what);
  }

  /** Reads fields in order; any read past the end is a malformed quote. */
  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    byte[] bytes(long n) {
      if (n < 0 || n > b.length - pos) {
        throw malformed("a field of " + n + " bytes at offset " + pos + " runs past the end (" + b.length + " bytes)");
      }
      byte[] out = Bin.slice(b, pos, (int) n);
      pos += (int) n;
      return out;
    }

    void skip(int n) {
      bytes(n);
    }

    int u16() {
      return Bin.u16(bytes(2), 0);
    }

    long u32() {
      return Bin.u32(bytes(4), 0);
    }

    byte[] rest() {
      return bytes(b.length - pos);
    }

    void requireEnd(String what) {
      if (pos != b.length) {
        throw malformed((b.length - pos) + " unexplained bytes at the end of the " + what);
      }
    }
  }
}
