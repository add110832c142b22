package dev.ironclaw4j.guard.attest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Verifies Intel's collateral for one quote: the two CRLs (signed by the root and by the quote's own
 * PCK CA), the TCB info and QE identity (signed by Intel's TCB signing certificate, itself chained to
 * the root), that none has passed its {@code nextUpdate}, that none of the certificates involved is
 * revoked, and that the TCB info is the one for this platform.
 */
final class CollateralCheck {
  /** How far in the future an issue date may be before we call the collateral invalid (clock skew). */
  static final Duration SKEW = Duration.ofMinutes(10);

  /** Verified collateral: the signed TCB info and QE identity objects, and when the first part of it expires. */
  record Verified(JsonNode tcbInfo, JsonNode qeIdentity, Instant nextUpdate) {}

  private CollateralCheck() {}

  static Verified verify(Collateral col, TrustRoot root, X509Certificate leaf, X509Certificate pckCa, PckInfo pck, Instant now) {
    X509CRL rootCrl = crl(col.rootCrl(), "root CA CRL");
    checkCrl(rootCrl, root.certificate(), "root CA CRL", now);
    X509CRL pckCrl = crl(col.pckCrl(), "PCK CRL");
    checkCrl(pckCrl, pckCa, "PCK CRL", now);
    revoked(rootCrl, pckCa, "PCK CA");
    revoked(pckCrl, leaf, "PCK certificate");

    JsonNode tcb = signed(col.tcbInfo(), "tcbInfo", col.tcbInfoChain(), "TCB info", root, rootCrl, now);
    JsonNode qe = signed(col.qeIdentity(), "enclaveIdentity", col.qeIdentityChain(), "QE identity", root, rootCrl, now);
    try {
      require(tcb.path("id").asString("").equals("TDX") && tcb.path("version").asInt(0) == 3,
          "the TCB info is not TDX TCB info version 3");
      require(tcb.path("fmspc").asString("").equalsIgnoreCase(pck.fmspcHex()),
          "the TCB info is for FMSPC " + tcb.path("fmspc").asString("?") + ", the platform's is " + pck.fmspcHex());
      require(tcb.path("pceId").asString("").equalsIgnoreCase(Bin.hex(pck.pceId())), "the TCB info is for another PCE");
      require(qe.path("id").asString("").equals("TD_QE") && qe.path("version").asInt(0) == 2,
          "the QE identity is not a TD quoting enclave identity version 2");
    } catch (IllegalArgumentException e) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, e.getMessage());
    }
    Instant tcbNext = window(tcb, "TCB info", now);
    Instant qeNext = window(qe, "QE identity", now);
    Instant next = earliest(earliest(tcbNext, qeNext), earliest(rootCrl.getNextUpdate().toInstant(), pckCrl.getNextUpdate().toInstant()));
    return new Verified(tcb, qe, next);
  }

  private static X509CRL crl(byte[] der, String what) {
    try {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    } catch (CRLException | CertificateException | RuntimeException e) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + " does not parse");
    }
  }

  private static void checkCrl(X509CRL crl, X509Certificate issuer, String what, Instant now) {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + " is issued by '"
          + crl.getIssuerX500Principal().getName() + "', not by '" + CertChain.name(issuer) + "'");
    }
    try {
      crl.verify(issuer.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + "'s signature does not verify with the key of '"
          + CertChain.name(issuer) + "'");
    }
    if (crl.getThisUpdate().toInstant().isAfter(now.plus(SKEW))) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + " is dated " + crl.getThisUpdate().toInstant() + ", in the future");
    }
    if (crl.getNextUpdate() == null || !now.isBefore(crl.getNextUpdate().toInstant())) {
      throw new AttestationException(Reason.COLLATERAL_EXPIRED, "the " + what + " expired"
          + (crl.getNextUpdate() == null ? " (it has no next update)" : " at " + crl.getNextUpdate().toInstant()));
    }
  }

  private static void revoked(X509CRL crl, X509Certificate cert, String what) {
    if (crl.getRevokedCertificate(cert) != null) {
      throw new AttestationException(Reason.COLLATERAL_REVOKED, "the " + what + " '" + CertChain.name(cert) + "' (serial "
          + cert.getSerialNumber().toString(16) + ") is revoked by Intel");
    }
  }

  /**
   * A document {@code {"FIELD":{...},"signature":"HEX"}} whose signature (ECDSA P-256, r||s) covers the
   * exact text of the object, by the first certificate of {@code chainPem}, which must chain to the root.
   */
  private static JsonNode signed(String body, String field, String chainPem, String what, TrustRoot root, X509CRL rootCrl, Instant now) {
    String raw;
    byte[] sig;
    List<X509Certificate> chain;
    try {
      if (body.length() > Limits.MAX_COLLATERAL_BYTES) {
        throw new IllegalArgumentException("larger than " + Limits.MAX_COLLATERAL_BYTES + " characters");
      }
      raw = Json.rawObjectField(body, field);
      sig = Bin.unhex(Json.requireText(Json.parse(body), "signature"), 64);
      chain = CertChain.parsePem(chainPem);
    } catch (IllegalArgumentException e) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + " is malformed: " + e.getMessage());
    }
    List<X509Certificate> below = CertChain.verify(chain, root, now, "the " + what + " signing chain",
        Reason.COLLATERAL_INVALID, Reason.COLLATERAL_INVALID);
    for (X509Certificate c : below) {
      revoked(rootCrl, c, what + " signing certificate");
    }
    if (!Ecdsa.verify(below.get(0).getPublicKey(), "SHA256withECDSAinP1363Format", raw.getBytes(StandardCharsets.UTF_8), sig)) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + "'s signature does not verify with the key of '"
          + CertChain.name(below.get(0)) + "'");
    }
    return Json.parse(raw);
  }

  private static Instant window(JsonNode doc, String what, Instant now) {
    Instant issued;
    Instant next;
    try {
      issued = Instant.parse(doc.path("issueDate").asString(""));
      next = Instant.parse(doc.path("nextUpdate").asString(""));
    } catch (DateTimeParseException e) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + " has no valid issue date or next update");
    }
    if (issued.isAfter(now.plus(SKEW))) {
      throw new AttestationException(Reason.COLLATERAL_INVALID, "the " + what + " is dated " + issued + ", in the future");
    }
    if (!now.isBefore(next)) {
      throw new AttestationException(Reason.COLLATERAL_EXPIRED, "the " + what + " expired at " + next);
    }
    return next;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
