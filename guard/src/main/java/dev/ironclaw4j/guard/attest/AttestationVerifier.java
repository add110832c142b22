package dev.ironclaw4j.guard.attest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a provider's attestation, every node, every check, in this order (the first failure is
 * the reason):
 *
 * <ol>
 *   <li>the TDX quote parses (v4/v5, ECDSA P-256, PCK chain certification data);
 *   <li>the PCK certificate chain verifies to the trust root (Intel's SGX root in production);
 *   <li>the PCK key signed the quoting enclave's report, and that report commits to the attestation key;
 *   <li>the attestation key signed the quote header and TD report;
 *   <li>Intel's collateral verifies, is current and revokes nothing in the chain; the quoting enclave
 *       is Intel's TD QE; the platform's TCB status is one the policy accepts; the TD is not in debug;
 *   <li>the report data commits to the node's signing identity and to this request's nonce;
 *   <li>the event log replays to the quote's RTMR0-3;
 *   <li>the measured values (MRTD, RTMRs, app id, compose hash, OS image, key provider, images) match the pins;
 *   <li>the GPU evidence verifies (or is plainly marked unverified, if the policy allows that).
 * </ol>
 *
 * Thread-safe. The nonce ledger (replay detection) lives as long as this object.
 */
public final class AttestationVerifier {
  private static final Pattern IMAGE_DIGEST = Pattern.compile("@sha256:([0-9a-f]{64})");
  private static final String P1363_P256 = "SHA256withECDSAinP1363Format";

  private final TrustRoot root;
  private final CollateralSource collateral;
  private final GpuVerifier gpu;
  private final Clock clock;
  private final NonceLedger nonces = new NonceLedger();

  public AttestationVerifier(TrustRoot root, CollateralSource collateral, GpuVerifier gpu, Clock clock) {
    this.root = Objects.requireNonNull(root);
    this.collateral = Objects.requireNonNull(collateral);
    this.gpu = Objects.requireNonNull(gpu);
    this.clock = Objects.requireNonNull(clock);
  }

  public TrustRoot root() {
    return root;
  }

  /** Fetches the provider's report for a fresh nonce and verifies it. Never throws for a failed check. */
  public Verification check(AttestationProvider provider, AttestationPolicy policy) {
    Instant start = clock.instant();
    byte[] nonce = nonces.issue();
    Report report;
    try {
      report = provider.fetch(nonce.clone());
    } catch (AttestationException e) {
      return new Verification(provider.id(), start, root.label(), List.of(CheckResult.fail("provider", "attestation report", e.reason(), e.getMessage())),
          List.of(), Set.of(), start, 0);
    } catch (RuntimeException e) { // a provider bug must fail closed, and say so
      return new Verification(provider.id(), start, root.label(), List.of(CheckResult.fail("provider", "attestation report",
          Reason.REPORT_MALFORMED, "the provider's report could not be read (" + e.getClass().getSimpleName() + ")")), List.of(), Set.of(), start, 0);
    }
    return verify(report, nonce, policy, start);
  }

  /** Verifies a report fetched for {@code nonce}. */
  Verification verify(Report report, byte[] nonce, AttestationPolicy policy, Instant start) {
    Instant now = clock.instant();
    List<CheckResult> checks = new ArrayList<>();
    List<Measurements> measured = new ArrayList<>();
    Set<String> signers = new HashSet<>();
    Instant[] expires = {now.plus(policy.evidenceLifetime())};
    Map<String, Collateral> fetched = new HashMap<>();
    if (report.nodes().isEmpty()) {
      checks.add(CheckResult.fail("provider", "attestation report", Reason.REPORT_MALFORMED, "the report attests no node"));
    }
    for (Report.Node node : report.nodes()) {
      int before = checks.size();
      Measurements m = node(node, nonce, policy, now, checks, fetched, expires);
      if (m != null) {
        measured.add(m);
      }
      if (checks.subList(before, checks.size()).stream().noneMatch(CheckResult::failed)) {
        signers.add(node.signer().addressHex());
      }
    }
    long ms = java.time.Duration.between(start, clock.instant()).toMillis();
    return new Verification(report.provider(), now, root.label(), checks, measured, signers, expires[0], ms);
  }

  private Measurements node(Report.Node node, byte[] nonce, AttestationPolicy policy, Instant now, List<CheckResult> out,
      Map<String, Collateral> fetched, Instant[] expires) {
    String n = node.name();
    TdxQuote q;
    try {
      q = TdxQuote.parse(node.quote());
      out.add(CheckResult.pass(n, "quote format", "TDX quote v" + q.version() + ", ECDSA P-256, PCK certificate chain"));
    } catch (AttestationException e) {
      out.add(CheckResult.fail(n, "quote format", e.reason(), e.getMessage()));
      return null;
    }

    // 1. The PCK chain to the root, and what Intel certified in it.
    List<X509Certificate> chain = null;
    PckInfo pck = null;
    try {
      List<X509Certificate> below = CertChain.verify(parseChain(q), root, now, "the PCK certificate chain", Reason.CHAIN_BROKEN, Reason.CHAIN_UNTRUSTED);
      if (below.size() != 2) {
        throw new AttestationException(Reason.CHAIN_BROKEN, "the PCK certificate chain has " + below.size()
            + " certificates below the root; a PCK certificate and its CA are expected");
      }
      pck = pckInfo(below);
      chain = below;
      out.add(CheckResult.pass(n, "PCK certificate chain", "'" + CertChain.name(below.get(0)) + "' <- '" + CertChain.name(below.get(1))
          + "' <- " + root.label()));
    } catch (AttestationException e) {
      out.add(CheckResult.fail(n, "PCK certificate chain", e.reason(), e.getMessage()));
    }

    // 2. The quote's own signatures: PCK key -> QE report -> attestation key -> TD report.
    X509Certificate leaf = parseChainQuietly(q);
    if (leaf == null) {
      out.add(CheckResult.skipped(n, "QE report signature", "not checked: the PCK certificate does not parse"));
    } else if (Ecdsa.verify(leaf.getPublicKey(), P1363_P256, q.qeReportBytes(), q.qeReportSignature())) {
      out.add(CheckResult.pass(n, "QE report signature", "signed by the PCK key"));
    } else {
      out.add(CheckResult.fail(n, "QE report signature", Reason.QE_REPORT_SIGNATURE, "the PCK key did not sign the quoting enclave's report"));
    }
    byte[] qeData = q.qeReport().reportData();
    boolean bound = MessageDigest.isEqual(Bin.slice(qeData, 0, 32), Bin.sha256(q.attestationKey(), q.qeAuthData()))
        && Bin.allZero(Bin.slice(qeData, 32, 32));
    out.add(bound
        ? CheckResult.pass(n, "QE binding", "the QE report commits to the attestation key")
        : CheckResult.fail(n, "QE binding", Reason.QE_BINDING, "the QE report data is not SHA-256(attestation key || QE auth data)"));
    boolean quoteSigned;
    try {
      quoteSigned = Ecdsa.verify(Ecdsa.p256(q.attestationKey()), P1363_P256, q.signedPart(), q.signature());
    } catch (IllegalArgumentException e) {
      quoteSigned = false;
    }
    out.add(quoteSigned
        ? CheckResult.pass(n, "quote signature", "the attestation key signed the header and TD report")
        : CheckResult.fail(n, "quote signature", Reason.QUOTE_SIGNATURE, "the attestation key's signature over the TD report does not verify"));

    // 3. Intel's collateral: revocation, currency, QE identity, TCB status.
    if (chain == null) {
      out.add(CheckResult.skipped(n, "collateral and TCB", "not checked: the PCK chain did not verify"));
    } else {
      collateralAndTcb(n, q, chain, pck, policy, now, out, fetched, expires);
    }
    if (q.body().tdAttributes()[0] != 0) {
      out.add(CheckResult.fail(n, "TD attributes", Reason.TD_DEBUG, "the trust domain runs in debug mode (TD attributes "
          + Bin.hex(q.body().tdAttributes()) + "): the host can read its memory"));
    } else if (!Bin.allZero(q.body().mrServiceTd())) {
      out.add(CheckResult.fail(n, "TD attributes", Reason.TD_SERVICE_BOUND, "a service TD is bound to the trust domain (MRSERVICETD "
          + Bin.hex(q.body().mrServiceTd()) + ")"));
    } else {
      out.add(CheckResult.pass(n, "TD attributes", "not in debug mode, no service TD bound"));
    }

    // 4. Binding: signing identity and nonce.
    byte[] rd = q.body().reportData();
    Report.Signer s = node.signer();
    boolean keyMatches = true;
    if (s.publicKey() != null) {
      try {
        keyMatches = MessageDigest.isEqual(Secp256k1.address(s.publicKey()), s.address());
      } catch (IllegalArgumentException e) {
        keyMatches = false;
      }
    }
    if (!keyMatches) {
      out.add(CheckResult.fail(n, "signing key binding", Reason.SIGNING_KEY_MISMATCH,
          "the signing public key sent does not belong to the signing address " + s.addressHex()));
    } else if (!MessageDigest.isEqual(Bin.slice(rd, 0, 32), node.signerCommitment())) {
      out.add(CheckResult.fail(n, "signing key binding", Reason.SIGNING_KEY_MISMATCH,
          "the report data does not commit to the signing address " + s.addressHex() + " (expected " + node.binding() + ")"));
    } else {
      out.add(CheckResult.pass(n, "signing key binding", "report data commits to " + s.addressHex() + " (" + node.binding() + ")"));
    }
    byte[] quoted = Bin.slice(rd, 32, 32);
    if (MessageDigest.isEqual(quoted, nonce)) {
      out.add(CheckResult.pass(n, "nonce", "report data carries this request's fresh nonce"));
    } else if (nonces.wasIssued(quoted)) {
      out.add(CheckResult.fail(n, "nonce", Reason.REPORT_REPLAYED, "the report answers one of our earlier nonces: a recorded report played back"));
    } else {
      out.add(CheckResult.fail(n, "nonce", Reason.NONCE_MISMATCH, "the report data does not carry this request's nonce"));
    }

    // 5. Event log replay, then the measured values.
    byte[][] replayed = node.eventLog().replay();
    List<String> differ = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      if (!MessageDigest.isEqual(replayed[i], q.body().rtmr()[i])) {
        differ.add("RTMR" + i);
      }
    }
    boolean logOk = differ.isEmpty() && node.eventLog().count(3) > 0;
    out.add(logOk
        ? CheckResult.pass(n, "event log", "RTMR0-3 replayed from " + node.eventLog().events().size() + " events match the quote")
        : CheckResult.fail(n, "event log", Reason.EVENT_LOG_MISMATCH, differ.isEmpty()
            ? "the event log has no runtime (RTMR3) events"
            : "replaying the event log does not give the quote's " + String.join(", ", differ)));
    Measurements m = measurements(n, q, node, logOk, out);
    if (m != null) {
      if (policy.pins().isEmpty()) {
        out.add(CheckResult.fail(n, "measurements", Reason.NOT_PINNED, "nothing is pinned for this provider; review the measured values "
            + "('ironclaw4j attest check') and pin them ('ironclaw4j attest pin'): trust on first use"));
      } else {
        List<String> bad = m.mismatches(policy.pins());
        out.add(bad.isEmpty()
            ? CheckResult.pass(n, "measurements", "match the pinned " + String.join(", ", policy.pins().keySet()))
            : CheckResult.fail(n, "measurements", Reason.MEASUREMENT_MISMATCH, String.join("; ", bad)));
      }
    }

    // 6. GPU.
    if (node.gpuPayload() != null || node.gpuExpected()) {
      out.add(gpu(n, node, nonce, policy));
    }
    return m;
  }

  private void collateralAndTcb(String n, TdxQuote q, List<X509Certificate> chain, PckInfo pck, AttestationPolicy policy, Instant now,
      List<CheckResult> out, Map<String, Collateral> fetched, Instant[] expires) {
    CollateralCheck.Verified v;
    Collateral col;
    try {
      String key = pck.fmspcHex() + "-" + pck.caType();
      col = fetched.get(key);
      if (col == null) {
        col = collateral.fetch(pck.fmspcHex(), pck.caType(), policy.collateralMaxAge());
        fetched.put(key, col);
      }
      v = CollateralCheck.verify(col, root, chain.get(0), chain.get(1), pck, now);
      if (v.nextUpdate().isBefore(expires[0])) {
        expires[0] = v.nextUpdate();
      }
      out.add(CheckResult.pass(n, "collateral", (col.cached() ? "CACHED copy fetched " + col.fetchedAt() + " (Intel unreachable)"
          : "fetched from Intel") + "; nothing revoked; current until " + v.nextUpdate()));
    } catch (AttestationException e) {
      out.add(CheckResult.fail(n, "collateral", e.reason(), e.getMessage()));
      out.add(CheckResult.skipped(n, "QE identity and TCB", "not checked: no verified collateral"));
      return;
    }
    Tcb.Status qe;
    try {
      qe = Tcb.qe(v.qeIdentity(), q.qeReport());
      out.add(CheckResult.pass(n, "QE identity", "Intel's TD quoting enclave, SVN " + q.qeReport().isvSvn() + ", " + qe.status()));
    } catch (AttestationException e) {
      out.add(CheckResult.fail(n, "QE identity", e.reason(), e.getMessage()));
      return;
    }
    try {
      Tcb.Status status = Tcb.platform(v.tcbInfo(), pck, q.body()).worst(Tcb.module(v.tcbInfo(), q.body())).worst(qe);
      String line = status.status() + (status.advisories().isEmpty() ? "" : " (" + String.join(", ", status.advisories()) + ")");
      out.add(policy.acceptedTcbStatuses().contains(status.status())
          ? CheckResult.pass(n, "TCB status", line)
          : CheckResult.fail(n, "TCB status", Reason.TCB_STATUS, line + " is not accepted (accepted: "
              + String.join(", ", new TreeSet<>(policy.acceptedTcbStatuses())) + ")"));
    } catch (AttestationException e) {
      out.add(CheckResult.fail(n, "TCB status", e.reason(), e.getMessage()));
    }
  }

  private Measurements measurements(String n, TdxQuote q, Report.Node node, boolean logOk, List<CheckResult> out) {
    Map<String, List<String>> v = new LinkedHashMap<>();
    v.put("mrtd", List.of(Bin.hex(q.body().mrTd())));
    for (int i = 0; i < 3; i++) {
      v.put("rtmr" + i, List.of(Bin.hex(q.body().rtmr()[i])));
    }
    if (!logOk) {
      out.add(CheckResult.skipped(n, "measurements", "not compared: the event log did not replay"));
      return new Measurements(n, v);
    }
    EventLog log = node.eventLog();
    for (String f : List.of("app-id", "compose-hash", "os-image-hash", "key-provider")) {
      log.runtime(f).ifPresent(p -> v.put(f, List.of(Bin.hex(p))));
    }
    List<String> problems = new ArrayList<>();
    byte[] composeHash = log.runtime("compose-hash").orElse(null);
    byte[] config = q.body().mrConfigId();
    if (composeHash != null && config[0] == 1 && !MessageDigest.isEqual(Bin.slice(config, 1, 32), composeHash)) {
      problems.add("MRCONFIGID does not name the measured compose hash");
    }
    if (node.appCompose() != null) {
      byte[] sent = Bin.sha256(node.appCompose().getBytes(StandardCharsets.UTF_8));
      if (composeHash == null || !MessageDigest.isEqual(sent, composeHash)) {
        problems.add("the app compose sent is not the one measured (its SHA-256 is " + Bin.hex(sent) + ")");
      } else {
        Set<String> images = new TreeSet<>();
        Matcher mm = IMAGE_DIGEST.matcher(node.appCompose());
        while (mm.find()) {
          images.add("sha256:" + mm.group(1));
        }
        v.put("image", List.copyOf(images));
      }
    }
    if (!problems.isEmpty()) {
      out.add(CheckResult.fail(n, "compose", Reason.MEASUREMENT_MISMATCH, String.join("; ", problems)));
    }
    return new Measurements(n, v);
  }

  private CheckResult gpu(String n, Report.Node node, byte[] nonce, AttestationPolicy policy) {
    GpuVerifier.Verdict v;
    if (node.gpuPayload() == null) {
      v = GpuVerifier.Verdict.unverified("the node presents no GPU evidence");
    } else if (node.gpuPayload().length() > Limits.MAX_GPU_PAYLOAD_CHARS) {
      v = GpuVerifier.Verdict.failed("the GPU evidence is larger than " + Limits.MAX_GPU_PAYLOAD_CHARS + " characters");
    } else {
      v = gpu.verify(node.gpuPayload(), nonce.clone());
    }
    return switch (v.outcome()) {
      case VERIFIED -> CheckResult.pass(n, "GPU", v.detail());
      case FAILED -> CheckResult.fail(n, "GPU", Reason.GPU_FAILED, v.detail());
      case UNVERIFIED -> policy.allowUnverifiedGpu()
          ? new CheckResult(n, "GPU", CheckResult.Status.UNVERIFIED, Reason.GPU_UNVERIFIED, "NOT VERIFIED, allowed by policy: " + v.detail())
          : CheckResult.fail(n, "GPU", Reason.GPU_UNVERIFIED, v.detail());
    };
  }

  private static List<X509Certificate> parseChain(TdxQuote q) {
    try {
      return CertChain.parsePem(q.pckChainPem());
    } catch (IllegalArgumentException e) {
      throw new AttestationException(Reason.CHAIN_BROKEN, "the PCK certificate chain does not parse: " + e.getMessage());
    }
  }

  private static X509Certificate parseChainQuietly(TdxQuote q) {
    try {
      return CertChain.parsePem(q.pckChainPem()).get(0);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static PckInfo pckInfo(List<X509Certificate> below) {
    try {
      return PckInfo.of(below.get(0), below.get(1));
    } catch (RuntimeException e) { // BouncyCastle reports bad ASN.1 as IllegalArgument-, IllegalState- or ArithmeticException
      throw new AttestationException(Reason.CHAIN_BROKEN, "the PCK certificate: " + e.getMessage());
    }
  }
}
