package dev.ironclaw4j.guard.attest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The one certificate every Intel chain must end at. In production that is Intel's SGX Root CA,
 * pinned here as its public certificate and checked against its SHA-256 fingerprint when this class
 * loads; tests substitute their own root with {@link #forTesting}, and a verifier built that way says
 * so in every result.
 */
public final class TrustRoot {
  /**
   * SHA-256 of the DER of "Intel SGX Root CA" (self-signed ECDSA P-256, valid 2018-05-21 to
   * 2049-12-31), as published with the certificate at
   * https://certificates.trustedservices.intel.com/Intel_SGX_Provisioning_Certification_RootCA.pem.
   */
  public static final String INTEL_SGX_ROOT_SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  static final String INTEL_SGX_ROOT_PEM = """
      -----BEGIN CERTIFICATE-----
      MIICjzCCAjSgAwIBAgIUImUM1lqdNInzg7SVUr9QGzknBqwwCgYIKoZIzj0EAwIw
      aDEaMBgGA1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENv
      cnBvcmF0aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJ
      BgNVBAYTAlVTMB4XDTE4MDUyMTEwNDUxMFoXDTQ5MTIzMTIzNTk1OVowaDEaMBgG
      A1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENvcnBvcmF0
      aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJBgNVBAYT
      AlVTMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC6nEwMDIYZOj/iPWsCzaEKi7
      1OiOSLRFhWGjbnBVJfVnkY4u3IjkDYYL0MxO4mqsyYjlBalTVYxFP2sJBK5zlKOB
      uzCBuDAfBgNVHSMEGDAWgBQiZQzWWp00ifODtJVSv1AbOScGrDBSBgNVHR8ESzBJ
      MEegRaBDhkFodHRwczovL2NlcnRpZmljYXRlcy50cnVzdGVkc2VydmljZXMuaW50
      ZWwuY29tL0ludGVsU0dYUm9vdENBLmRlcjAdBgNVHQ4EFgQUImUM1lqdNInzg7SV
      Ur9QGzknBqwwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwCgYI
      KoZIzj0EAwIDSQAwRgIhAOW/5QkR+S9CiSDcNoowLuPRLsWGf/Yi7GSX94BgwTwg
      AiEA4J0lrHoMs+Xo5o/sX6O9QWxHRAvZUGOdRQ7cvqRXaqI=
      -----END CERTIFICATE-----
      """;

  private static final TrustRoot INTEL = loadIntel();

  private final X509Certificate certificate;
  private final byte[] der;
  private final boolean intel;

  private TrustRoot(X509Certificate certificate, boolean intel) {
    this.certificate = certificate;
    this.intel = intel;
    try {
      this.der = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("root certificate cannot be encoded", e);
    }
  }

  /** Intel's SGX Root CA: the production trust root. */
  public static TrustRoot intel() {
    return INTEL;
  }

  /** A root of the caller's choosing, for tests; results name it as a test root. */
  public static TrustRoot forTesting(X509Certificate root) {
    return new TrustRoot(Objects.requireNonNull(root), false);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Whether this is the pinned Intel root (production mode). */
  public boolean isIntel() {
    return intel;
  }

  /** SHA-256 of the root's DER, lower-case hex. */
  public String sha256() {
    return Bin.hex(Bin.sha256(der));
  }

  boolean sameAs(X509Certificate c) {
    try {
      return java.security.MessageDigest.isEqual(der, c.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /** How results name this root. */
  String label() {
    return intel ? "Intel SGX Root CA (pinned)" : "TEST ROOT " + certificate.getSubjectX500Principal().getName() + " (not Intel's)";
  }

  private static TrustRoot loadIntel() {
    try {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(INTEL_SGX_ROOT_PEM.getBytes(StandardCharsets.US_ASCII)));
      TrustRoot root = new TrustRoot(c, true);
      if (!root.sha256().equals(INTEL_SGX_ROOT_SHA256)) {
        throw new IllegalStateException("the pinned Intel SGX Root CA does not match its fingerprint");
      }
      return root;
    } catch (CertificateException e) {
      throw new IllegalStateException("the pinned Intel SGX Root CA does not parse", e);
    }
  }
}
