package dev.ironclaw4j.guard.attest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a short certificate chain to a {@link TrustRoot}, explicitly: each certificate is issued
 * (name and signature) by the next, the last by the pinned root; every certificate is within its
 * validity at the given time; every issuer is a CA allowed to sign at that depth; no unknown critical
 * extension. A chain may carry the root itself at its end; then it must be byte-for-byte the pinned one.
 */
final class CertChain {
  /** Critical extensions this verifier understands: key usage and basic constraints. */
  private static final Set<String> KNOWN_CRITICAL = Set.of("2.5.29.15", "2.5.29.19");
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\r\\n]{1,16384}?)-----END CERTIFICATE-----");

  private CertChain() {}

  /**
   * The certificates of a PEM chain, leaf first. Text outside the blocks must be whitespace or NUL
   * padding (quotes pad their certification data with zeros).
   */
  static List<X509Certificate> parsePem(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = PEM.matcher(pem);
    int last = 0;
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        requireBlank(pem.substring(last, m.start()));
        if (out.size() == Limits.MAX_CHAIN_CERTS) {
          throw new IllegalArgumentException("more than " + Limits.MAX_CHAIN_CERTS + " certificates");
        }
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
        last = m.end();
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("a certificate does not parse: " + e.getMessage(), e);
    }
    requireBlank(pem.substring(last));
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
    return out;
  }

  private static void requireBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t' && c != 0) {
        throw new IllegalArgumentException("text outside the certificate blocks");
      }
    }
  }

  /**
   * Verifies the chain (leaf first) to the root.
   *
   * @param broken the reason code for a chain that does not verify
   * @param untrusted the reason code for a chain that verifies but not to this root
   * @return the chain without the root
   */
  static List<X509Certificate> verify(List<X509Certificate> chain, TrustRoot root, Instant now, String what,
      String broken, String untrusted) {
    List<X509Certificate> c = new ArrayList<>(chain);
    if (c.isEmpty()) {
      throw new AttestationException(broken, what + ": empty certificate chain");
    }
    X509Certificate end = c.get(c.size() - 1);
    if (end.getSubjectX500Principal().equals(end.getIssuerX500Principal())) {
      if (!root.sameAs(end)) {
        throw new AttestationException(untrusted, what + " ends at '" + end.getSubjectX500Principal().getName()
            + "' (SHA-256 " + fingerprint(end) + "), not at " + root.label());
      }
      c.remove(c.size() - 1);
    }
    if (c.isEmpty()) {
      throw new AttestationException(broken, what + ": no certificate below the root");
    }
    Date at = Date.from(now);
    check(root.certificate(), at, what, broken);
    for (int i = 0; i < c.size(); i++) {
      X509Certificate child = c.get(i);
      boolean parentIsRoot = i + 1 == c.size();
      X509Certificate parent = parentIsRoot ? root.certificate() : c.get(i + 1);
      String failReason = parentIsRoot ? untrusted : broken;
      if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
        throw new AttestationException(failReason, what + ": '" + name(child) + "' is issued by '"
            + child.getIssuerX500Principal().getName() + "', not by '" + name(parent) + "'"
            + (parentIsRoot ? " (" + root.label() + ")" : ""));
      }
      try {
        child.verify(parent.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new AttestationException(failReason, what + ": the signature on '" + name(child) + "' does not verify with the key of '"
            + name(parent) + "'" + (parentIsRoot ? " (" + root.label() + ")" : ""));
      }
      check(child, at, what, broken);
      boolean[] usage = parent.getKeyUsage();
      if (parent.getBasicConstraints() < i || (usage != null && !usage[5])) {
        throw new AttestationException(broken, what + ": '" + name(parent) + "' may not issue certificates at this depth");
      }
    }
    return List.copyOf(c);
  }

  private static void check(X509Certificate cert, Date at, String what, String broken) {
    try {
      cert.checkValidity(at);
    } catch (CertificateException e) {
      throw new AttestationException(broken, what + ": '" + name(cert) + "' is not valid at " + at.toInstant()
          + " (valid " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ")");
    }
    Set<String> critical = cert.getCriticalExtensionOIDs();
    if (critical != null && !KNOWN_CRITICAL.containsAll(critical)) {
      throw new AttestationException(broken, what + ": '" + name(cert) + "' has a critical extension this verifier does not understand");
    }
  }

  static String name(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName();
    Matcher m = Pattern.compile("CN=([^,]+)").matcher(dn);
    return m.find() ? m.group(1) : dn;
  }

  static String fingerprint(X509Certificate c) {
    try {
      return Bin.hex(Bin.sha256(c.getEncoded()));
    } catch (CertificateException e) {
      return "?";
    }
  }
}
