package dev.ironclaw4j.guard.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The acceptance matrix: a synthetic deployment (a test root standing in for Intel's) verifies, and
 * breaking each one thing fails with that thing's own reason code.
 */
class AttestationVerifierTest {
  private final Tee tee = new Tee();

  /** Verifies one node's report as fetched for {@code nonce}. */
  private Verification verify(AttestationVerifier v, Tee.Node node, byte[] nonce, AttestationPolicy policy) {
    Report r = NearAiProvider.parse("test", Tee.report(node.json()));
    return v.verify(r, nonce, policy, Tee.NOW);
  }

  private Verification verify(Tee.Node node) {
    return verify(tee.verifier(), node, node.nonce, Tee.pinnedTo(node));
  }

  private static String reason(Verification v) {
    return v.firstFailure().map(CheckResult::reason).orElse("verified");
  }

  private static String describe(Verification v) {
    return v.checks().stream().map(CheckResult::line).collect(Collectors.joining("\n"));
  }

  @Test
  void aValidQuoteVerifies() {
    Tee.Node node = tee.node();
    Verification v = verify(node);
    assertTrue(v.verified(), describe(v));
    assertEquals(Set.of("0x" + Bin.hex(tee.signer.address())), v.signingAddresses());
    assertFalse(v.root().startsWith("Intel"), "a test root is named as such: " + v.root());
    Measurements m = v.measurements().get(0);
    assertEquals(List.of(Bin.hex(Bin.sha256(Tee.APP_COMPOSE.getBytes(StandardCharsets.UTF_8)))), m.values().get("compose-hash"));
    assertEquals(List.of("sha256:" + "1".repeat(64)), m.values().get("image"));
    assertEquals(List.of("f550fdfb4eb8ad787c1bcd423f091cbb4a4431ae"), m.values().get("app-id"));
    for (String check : List.of("quote format", "PCK certificate chain", "QE report signature", "QE binding", "quote signature",
        "collateral", "QE identity", "TCB status", "TD attributes", "signing key binding", "nonce", "event log", "measurements")) {
      assertTrue(v.checks().stream().anyMatch(c -> c.check().equals(check) && c.status() == CheckResult.Status.PASS), check + "\n" + describe(v));
    }
  }

  @Test
  void aVersion5QuoteVerifies() {
    Tee.Node node = tee.node();
    node.version = 5;
    Verification v = verify(node);
    assertTrue(v.verified(), describe(v));
  }

  @Test
  void aVersion5QuoteWithATdReport15Verifies() {
    Tee.Node node = tee.node();
    node.version = 5;
    node.td15 = true;
    Verification v = verify(node);
    assertTrue(v.verified(), describe(v));
  }

  @Test
  void aBoundServiceTdFails() {
    Tee.Node node = tee.node();
    node.version = 5;
    node.td15 = true;
    node.mrServiceTd[0] = 1;
    Verification v = verify(node);
    assertEquals(Reason.TD_SERVICE_BOUND, reason(v), describe(v));
  }

  @Test
  void aRevokedPlatformIsNeverAccepted() {
    tee.platformStatus = "Revoked";
    Tee.Node node = tee.node();
    assertEquals(Reason.TCB_STATUS, reason(verify(node)));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new AttestationPolicy(Map.of(), Set.of("UpToDate", "Revoked"), false, Duration.ZERO, Duration.ofMinutes(1)));
  }

  @Test
  void aBadQuoteSignatureFails() {
    Tee.Node node = tee.node();
    byte[] q = node.quote();
    q[48 + 520] ^= 1; // a byte of RTMR/report area of the TD report: signed, so the signature no longer matches
    Verification v = verifyQuote(node, q, Tee.pinnedTo(node));
    assertEquals(Reason.QUOTE_SIGNATURE, reason(v), describe(v));
  }

  @Test
  void aForgedQeReportFails() {
    Tee.Node node = tee.node();
    byte[] q = node.quote();
    int qeReport = 48 + 584 + 4 + 64 + 64 + 2 + 4;
    q[qeReport + 16 + 4 + 28 + 16] ^= 1; // MRENCLAVE of the QE report: the PCK signature no longer covers it
    Verification v = verifyQuote(node, q, Tee.pinnedTo(node));
    assertEquals(Reason.QE_REPORT_SIGNATURE, reason(v), describe(v));
  }

  @Test
  void aBrokenChainFails() {
    Tee.Node node = tee.node();
    // The PCK certificate claims the CA as issuer but was signed by another key.
    java.security.KeyPair other = TestPki.p256();
    node.chain.set(0, TestPki.cert("CN=Test SGX PCK Certificate,O=ironclaw4j tests", Tee.PCK_CA_DN, tee.pckKey.getPublic(),
        other.getPrivate(), Tee.NOW.minus(Duration.ofDays(1)), Tee.NOW.plus(Duration.ofDays(1)), -1,
        TestPki.sgxExtension(Tee.FMSPC, Tee.PCE_ID, Tee.svns(3), 11)));
    Verification v = verify(node);
    assertEquals(Reason.CHAIN_BROKEN, reason(v), describe(v));
  }

  @Test
  void anExpiredPckCertificateBreaksTheChain() {
    Tee.Node node = tee.node();
    node.chain.set(0, TestPki.cert("CN=Test SGX PCK Certificate,O=ironclaw4j tests", Tee.PCK_CA_DN, tee.pckKey.getPublic(),
        tee.caKey.getPrivate(), Tee.NOW.minus(Duration.ofDays(30)), Tee.NOW.minus(Duration.ofDays(1)), -1,
        TestPki.sgxExtension(Tee.FMSPC, Tee.PCE_ID, Tee.svns(3), 11)));
    Verification v = verify(node);
    assertEquals(Reason.CHAIN_BROKEN, reason(v), describe(v));
    assertTrue(v.firstFailure().orElseThrow().detail().contains("not valid at"), describe(v));
  }

  @Test
  void aChainToAnotherRootIsUntrusted() {
    Tee other = new Tee();
    Tee.Node node = tee.node();
    node.chain = new java.util.ArrayList<>(List.of(tee.pck, tee.pckCa, other.root));
    Verification v = verify(node);
    assertEquals(Reason.CHAIN_UNTRUSTED, reason(v), describe(v));
  }

  @Test
  void productionModeRequiresAChainToIntelsRoot() {
    // The same, otherwise valid, evidence under the production verifier: the test root is not Intel's.
    Tee.Node node = tee.node();
    AttestationVerifier production = new AttestationVerifier(TrustRoot.intel(), tee.collateralSource(), GpuVerifier.off(), tee.clock);
    Verification v = verify(production, node, node.nonce, Tee.pinnedTo(node));
    assertEquals(Reason.CHAIN_UNTRUSTED, reason(v), describe(v));
    assertTrue(v.firstFailure().orElseThrow().detail().contains("Intel SGX Root CA"), describe(v));
    assertTrue(v.root().startsWith("Intel SGX Root CA"), v.root());

    // Without the root in the quote: the CA is not issued by Intel's root.
    node.chain = new java.util.ArrayList<>(List.of(tee.pck, tee.pckCa));
    Verification v2 = verify(production, node, node.nonce, Tee.pinnedTo(node));
    assertEquals(Reason.CHAIN_UNTRUSTED, reason(v2), describe(v2));

    // Even a fake root that copies Intel's name: its key is not Intel's.
    java.security.KeyPair fake = TestPki.p256();
    var intelDn = org.bouncycastle.asn1.x500.X500Name.getInstance(TrustRoot.intel().certificate().getSubjectX500Principal().getEncoded());
    node.chain = new java.util.ArrayList<>(List.of(tee.pck, TestPki.cert(Tee.PCK_CA_DN, intelDn, tee.caKey.getPublic(), fake.getPrivate(),
        Tee.NOW.minus(Duration.ofDays(1)), Tee.NOW.plus(Duration.ofDays(1)), 0)));
    Verification v3 = verify(production, node, node.nonce, Tee.pinnedTo(node));
    assertEquals(Reason.CHAIN_UNTRUSTED, reason(v3), describe(v3));
    assertTrue(v3.firstFailure().orElseThrow().detail().contains("signature"), describe(v3));
  }

  @Test
  void aWrongNonceFails() {
    Tee.Node node = tee.node();
    byte[] ours = new byte[32];
    ours[0] = 7; // not the nonce the quote carries, and never issued: not a replay
    Verification v = verify(tee.verifier(), node, ours, Tee.pinnedTo(node));
    assertEquals(Reason.NONCE_MISMATCH, reason(v), describe(v));
  }

  @Test
  void aReplayedReportFails() {
    AttestationVerifier verifier = tee.verifier();
    Tee.Node node = tee.node();
    byte[][] first = new byte[1][];
    // A provider that answers the first request honestly, then plays that answer back.
    AttestationProvider replaying = new AttestationProvider() {
      byte[] recorded;

      @Override
      public String id() {
        return "test";
      }

      @Override
      public Report fetch(byte[] nonce) {
        if (recorded == null) {
          first[0] = nonce;
          node.nonce = nonce;
          recorded = Tee.report(node.json());
        }
        return NearAiProvider.parse("test", recorded);
      }
    };
    Verification ok = verifier.check(replaying, Tee.pinnedTo(node));
    assertTrue(ok.verified(), describe(ok));
    Verification replayed = verifier.check(replaying, Tee.pinnedTo(node));
    assertEquals(Reason.REPORT_REPLAYED, reason(replayed), describe(replayed));
  }

  @Test
  void aReportForAnotherSigningKeyFails() {
    Tee.Node node = tee.node();
    node.reportDataPrefix = new Tee.Signer().address(); // the quote commits to another key than the one the report names
    Verification v = verify(node);
    assertEquals(Reason.SIGNING_KEY_MISMATCH, reason(v), describe(v));
  }

  @Test
  void aPublicKeyThatIsNotTheSigningAddressFails() {
    Tee.Node node = tee.node();
    var json = node.json();
    json.put("signing_public_key", Bin.hex(new Tee.Signer().publicKey()));
    Verification v = tee.verifier().verify(NearAiProvider.parse("test", Tee.report(json)), node.nonce, Tee.pinnedTo(node), Tee.NOW);
    assertEquals(Reason.SIGNING_KEY_MISMATCH, reason(v), describe(v));
  }

  @Test
  void aChangedRtmrFails() {
    Tee.Node node = tee.node();
    AttestationPolicy pins = Tee.pinnedTo(node);
    node.rtmrOverride = r -> r[2][0] ^= 1; // the quote's RTMR2 is not what the event log says
    Verification v = verify(tee.verifier(), node, node.nonce, pins);
    assertEquals(Reason.EVENT_LOG_MISMATCH, reason(v), describe(v));
    assertTrue(v.firstFailure().orElseThrow().detail().contains("RTMR2"), describe(v));
  }

  @Test
  void aChangedEventLogFails() {
    Tee.Node node = tee.node();
    AttestationPolicy pins = Tee.pinnedTo(node);
    byte[] quote = node.quote();
    // After the quote was made, the log is edited to claim another compose hash.
    node.events.set(5, Tee.runtime("compose-hash", "22".repeat(32)));
    Verification v = verifyQuote(node, quote, pins);
    assertEquals(Reason.EVENT_LOG_MISMATCH, reason(v), describe(v));
  }

  @Test
  void aRuntimeEventWithAForeignDigestFails() {
    Tee.Node node = tee.node();
    String good = node.eventLogJson();
    var events = Json.parse(good);
    ((tools.jackson.databind.node.ObjectNode) events.get(4)).put("digest", "00".repeat(48));
    AttestationException e = org.junit.jupiter.api.Assertions.assertThrows(AttestationException.class, () -> EventLog.parse(events.toString()));
    assertEquals(Reason.EVENT_LOG_MISMATCH, e.reason());
  }

  @Test
  void expiredCollateralFails() {
    tee.tcbNextUpdate = Tee.NOW.minus(Duration.ofHours(1));
    Tee.Node node = tee.node();
    Verification v = verify(node);
    assertEquals(Reason.COLLATERAL_EXPIRED, reason(v), describe(v));

    Tee t2 = new Tee();
    t2.crlNextUpdate = Tee.NOW.minus(Duration.ofMinutes(1));
    Tee.Node n2 = t2.node();
    Verification v2 = t2.verifier().verify(NearAiProvider.parse("t", Tee.report(n2.json())), n2.nonce, Tee.pinnedTo(n2), Tee.NOW);
    assertEquals(Reason.COLLATERAL_EXPIRED, reason(v2), describe(v2));
  }

  @Test
  void aRevokedPckCertificateFails() {
    tee.revokedByCa.add(tee.pck.getSerialNumber());
    Tee.Node node = tee.node();
    Verification v = verify(node);
    assertEquals(Reason.COLLATERAL_REVOKED, reason(v), describe(v));
  }

  @Test
  void aRevokedPckCaFails() {
    tee.revokedByRoot.add(tee.pckCa.getSerialNumber());
    tee.revokedByRoot.add(BigInteger.valueOf(42));
    Tee.Node node = tee.node();
    Verification v = verify(node);
    assertEquals(Reason.COLLATERAL_REVOKED, reason(v), describe(v));
  }

  @Test
  void collateralNotSignedByTheRootIsInvalid() {
    Tee other = new Tee();
    Tee.Node node = tee.node();
    // Collateral made by another PKI (its own TCB signer and root) for the same platform.
    AttestationVerifier v = new AttestationVerifier(tee.trustRoot(), other.collateralSource(), GpuVerifier.off(), tee.clock);
    Verification r = verify(v, node, node.nonce, Tee.pinnedTo(node));
    assertEquals(Reason.COLLATERAL_INVALID, reason(r), describe(r));
  }

  @Test
  void offlineWithoutCollateralFails() {
    Tee.Node node = tee.node();
    CollateralSource offline = (f, c, age) -> {
      throw new AttestationException(Reason.COLLATERAL_UNAVAILABLE, "offline: collateral unavailable");
    };
    Verification v = verify(new AttestationVerifier(tee.trustRoot(), offline, GpuVerifier.off(), tee.clock), node, node.nonce, Tee.pinnedTo(node));
    assertEquals(Reason.COLLATERAL_UNAVAILABLE, reason(v), describe(v));
  }

  @Test
  void anOutOfDatePlatformFailsUnlessAccepted() {
    tee.platformStatus = "OutOfDate";
    Tee.Node node = tee.node();
    Verification v = verify(node);
    assertEquals(Reason.TCB_STATUS, reason(v), describe(v));
    assertTrue(v.firstFailure().orElseThrow().detail().contains("INTEL-SA-00837"), describe(v));

    AttestationPolicy p = Tee.pinnedTo(node);
    AttestationPolicy lenient = new AttestationPolicy(p.pins(), Set.of("UpToDate", "OutOfDate"), true, Duration.ZERO, p.evidenceLifetime());
    assertTrue(verify(tee.verifier(), node, node.nonce, lenient).verified());
  }

  @Test
  void aPlatformBelowEveryLevelFails() {
    Tee.Node node = tee.node();
    node.teeTcbSvn = new byte[] {5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    Verification v = verify(node);
    assertEquals(Reason.TCB_STATUS, reason(v), describe(v));
  }

  @Test
  void aDebugTdFails() {
    Tee.Node node = tee.node();
    node.tdAttributes0 = 1;
    Verification v = verify(node);
    assertEquals(Reason.TD_DEBUG, reason(v), describe(v));
  }

  @Test
  void aMeasurementOtherThanPinnedFails() {
    Tee.Node node = tee.node();
    AttestationPolicy pins = Tee.pinnedTo(node).withPins(Map.of("os-image-hash", Set.of("ab".repeat(32))));
    Verification v = verify(tee.verifier(), node, node.nonce, pins);
    assertEquals(Reason.MEASUREMENT_MISMATCH, reason(v), describe(v));
    assertTrue(v.firstFailure().orElseThrow().detail().contains("os-image-hash"), describe(v));
  }

  @Test
  void anAppComposeOtherThanMeasuredFails() {
    Tee.Node node = tee.node();
    var json = node.json();
    ((tools.jackson.databind.node.ObjectNode) json.get("info").get("tcb_info")).put("app_compose", Tee.APP_COMPOSE.replace("test", "evil"));
    Verification v = tee.verifier().verify(NearAiProvider.parse("t", Tee.report(json)), node.nonce, Tee.pinnedTo(node), Tee.NOW);
    assertEquals(Reason.MEASUREMENT_MISMATCH, reason(v), describe(v));
  }

  @Test
  void nothingPinnedFailsAndShowsWhatToPin() {
    Tee.Node node = tee.node();
    Verification v = verify(tee.verifier(), node, node.nonce, AttestationPolicy.unpinned());
    assertEquals(Reason.NOT_PINNED, reason(v), describe(v));
    Map<String, Set<String>> tofu = PinFile.pinsFrom(v.measurements());
    assertTrue(tofu.keySet().containsAll(List.of("mrtd", "rtmr0", "rtmr1", "rtmr2", "app-id", "compose-hash", "os-image-hash", "key-provider", "image")),
        tofu.toString());
    AttestationPolicy pinned = new AttestationPolicy(tofu, AttestationPolicy.DEFAULT_TCB, true, Duration.ZERO, Duration.ofMinutes(5));
    assertTrue(verify(tee.verifier(), node, node.nonce, pinned).verified());
  }

  @Test
  void gpuEvidenceIsNeverPassedSilently() {
    Tee.Node node = tee.node();
    AttestationPolicy strict = new AttestationPolicy(Tee.pinnedTo(node).pins(), AttestationPolicy.DEFAULT_TCB, false, Duration.ZERO,
        Duration.ofMinutes(5));
    Verification v = verify(tee.verifier(), node, node.nonce, strict);
    assertEquals(Reason.GPU_UNVERIFIED, reason(v), describe(v));

    Verification lenient = verify(node);
    assertTrue(lenient.verified(), describe(lenient));
    CheckResult gpu = lenient.checks().stream().filter(c -> c.check().equals("GPU")).findFirst().orElseThrow();
    assertEquals(CheckResult.Status.UNVERIFIED, gpu.status());
    assertTrue(gpu.detail().startsWith("NOT VERIFIED"), gpu.detail());

    var json = node.json();
    json.put("nvidia_payload", "{\"nonce\":\"" + Bin.hex(node.nonce) + "\",\"evidence_list\":[]}");
    GpuVerifier failing = (p, n) -> GpuVerifier.Verdict.failed("the GPU's measurements do not match");
    Verification failed = tee.verifier(failing).verify(NearAiProvider.parse("t", Tee.report(json)), node.nonce, Tee.pinnedTo(node), Tee.NOW);
    assertEquals(Reason.GPU_FAILED, reason(failed), describe(failed));
  }

  @Test
  void everyNodeMustVerify() {
    Tee.Node good = tee.node();
    Tee.Node bad = tee.node();
    bad.tdAttributes0 = 1;
    Verification v = tee.verifier().verify(NearAiProvider.parse("t", Tee.report(good.json(), bad.json())), good.nonce, Tee.pinnedTo(good), Tee.NOW);
    assertFalse(v.verified());
    assertEquals(Reason.TD_DEBUG, reason(v));
    assertEquals("model:test/model#1", v.firstFailure().orElseThrow().node());
  }

  @Test
  void theFailureCarriesEveryCheckAndTheAuditRecordNoEvidence() {
    Tee.Node node = tee.node();
    node.tdAttributes0 = 1;
    Verification v = verify(node);
    AttestationException e = v.failure();
    assertEquals(Reason.TD_DEBUG, e.reason());
    assertEquals(v.checks(), e.checks());
    var event = v.auditEvent("attest");
    assertEquals("attest.verify", event.kind());
    assertEquals("failed", event.decision());
    assertEquals(Reason.TD_DEBUG, event.reason());
    assertFalse(event.toString().contains(Bin.hex(node.quote()).substring(0, 64)));
  }

  @Test
  void verificationExpiresWithItsCollateral() {
    tee.tcbNextUpdate = Tee.NOW.plus(Duration.ofMinutes(3));
    Tee.Node node = tee.node();
    Verification v = verify(node);
    assertTrue(v.verified(), describe(v));
    assertEquals(Tee.NOW.plus(Duration.ofMinutes(3)), v.expires());
    assertEquals(Instant.parse("2026-06-01T12:03:00Z"), v.expires());
  }

  /** The node's report, but carrying these quote bytes. */
  private Verification verifyQuote(Tee.Node node, byte[] quote, AttestationPolicy policy) {
    return tee.verifier().verify(NearAiProvider.parse("test", Tee.report(node.json(quote))), node.nonce, policy, Tee.NOW);
  }
}
