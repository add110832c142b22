package dev.ironclaw4j.guard.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pinned Intel SGX Root CA is the one Intel publishes, and only it makes a verifier a production one. */
class TrustRootTest {
  @Test
  void theIntelRootIsPinnedByFingerprint() throws Exception {
    TrustRoot intel = TrustRoot.intel();
    X509Certificate c = intel.certificate();
    assertTrue(intel.isIntel());
    // Recomputed here from the certificate; the constant matches the fingerprint Intel's root is published with.
    assertEquals("44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3", Bin.hex(Bin.sha256(c.getEncoded())));
    assertEquals(TrustRoot.INTEL_SGX_ROOT_SHA256, intel.sha256());
    assertEquals("C=US,ST=CA,L=Santa Clara,O=Intel Corporation,CN=Intel SGX Root CA", c.getSubjectX500Principal().getName());
    assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
    c.verify(c.getPublicKey()); // self-signed
    assertEquals(256, ((ECPublicKey) c.getPublicKey()).getParams().getOrder().bitLength());
    assertEquals(Instant.parse("2018-05-21T10:45:10Z"), c.getNotBefore().toInstant());
    assertEquals(Instant.parse("2049-12-31T23:59:59Z"), c.getNotAfter().toInstant());
    assertEquals(1, c.getBasicConstraints());
  }

  @Test
  void aTestRootSaysSo() {
    Tee tee = new Tee();
    TrustRoot test = tee.trustRoot();
    assertFalse(test.isIntel());
    assertTrue(test.label().startsWith("TEST ROOT"), test.label());
  }
}
