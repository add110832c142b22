package dev.ironclaw4j.guard.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressAuditEvent;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import dev.ironclaw4j.guard.testing.MemoryAuditStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate as the LLM provider client uses it, against a real loopback "provider" on 127.0.0.1 that
 * serves both its attestation report and its chat endpoint: when attestation fails, the chat
 * endpoint receives nothing.
 */
class AttestationGateTest {
  private static final String PROMPT = "{\"model\":\"test/model\",\"messages\":[{\"role\":\"user\",\"content\":\"the quarterly numbers are ...\"}]}";
  private static final String ANSWER = "{\"id\":\"chatcmpl-7\",\"choices\":[{\"message\":{\"content\":\"noted\"}}]}";
  private static final Pattern NONCE = Pattern.compile("nonce=([0-9a-f]{64})");

  private final Tee tee = new Tee();
  private final List<EgressAuditEvent> egressAudit = new CopyOnWriteArrayList<>();
  private final AuditLog audit = new AuditLog(new MemoryAuditStore(), Clock.systemUTC());
  private final AtomicReference<Instant> now = new AtomicReference<>(Tee.NOW);
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  /** How the provider's node misbehaves; nothing by default. */
  private Consumer<Tee.Node> tamper = n -> {};
  private Loopback provider;
  private Egress egress;
  private NearAiProvider near;

  @BeforeEach
  void start() throws Exception {
    provider = new Loopback(got -> {
      if (got.target().startsWith("/v1/attestation/report")) {
        Matcher m = NONCE.matcher(got.target());
        Tee.Node node = tee.node();
        node.nonce = m.find() ? Bin.unhex(m.group(1), 32) : new byte[32];
        tamper.accept(node);
        return new Loopback.Reply(200, java.util.Map.of("Content-Type", "application/json"), Tee.report(node.json()));
      }
      if (got.target().startsWith("/v1/chat/completions")) {
        return Loopback.Reply.json(ANSWER);
      }
      return Loopback.Reply.status(404);
    });
    egress = Loopback.egress(egressAudit, provider.base() + "/ allow-private");
    near = new NearAiProvider("near-test", provider.base(), "test/model", egress);
  }

  @AfterEach
  void stop() {
    egress.close();
    provider.close();
  }

  private AttestationGate gate(AttestationPolicy policy) {
    AttestationVerifier v = new AttestationVerifier(tee.trustRoot(), tee.collateralSource(), GpuVerifier.off(), clock);
    return new AttestationGate(v, id -> policy, audit, clock);
  }

  /** What the provider client does for one prompt, exactly as AttestationGate documents it. */
  private EgressResponse prompt(AttestationGate gate) {
    Attested attested = gate.requireVerified(near);
    EgressResponse r = egress.send(EgressRequest.builder("llm:near-test", "POST", provider.base() + "/v1/chat/completions")
        .header("Content-Type", "application/json").body(PROMPT).build());
    String text = "test/model:" + Bin.hex(Bin.sha256(PROMPT.getBytes(StandardCharsets.UTF_8))) + ":" + Bin.hex(Bin.sha256(r.body()));
    attested.verifyResponse(new ResponseSignature.Signed(text, tee.signer.sign(text), "0x" + Bin.hex(tee.signer.address())),
        PROMPT.getBytes(StandardCharsets.UTF_8), r.body(), "test/model");
    return r;
  }

  private void assertNothingSent(AttestationException e, String reason) {
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(provider.to("/v1/chat/completions").isEmpty(), "the provider received a prompt: " + provider.received);
    assertTrue(provider.received.stream().noneMatch(g -> g.body().contains("quarterly")), "no request carried the prompt");
    assertEquals(1, provider.to("/v1/attestation/report").size(), "only the report was fetched");
    List<AuditRecord> records = audit.query(new AuditStore.Filter("near-test", null, null, null), 10);
    assertEquals(1, records.size());
    assertEquals("attest.verify", records.get(0).kind());
    assertEquals("failed", records.get(0).decision());
    assertEquals(reason, records.get(0).reason());
  }

  private AttestationPolicy pinned() {
    return Tee.pinnedTo(tee.node());
  }

  @Test
  void aVerifiedProviderGetsThePromptAndItsSignedAnswerIsAccepted() {
    AttestationGate gate = gate(pinned());
    assertEquals(ANSWER, prompt(gate).bodyText());
    assertEquals(1, provider.to("/v1/chat/completions").size());
    // The next prompt reuses the verification...
    prompt(gate);
    assertEquals(1, provider.to("/v1/attestation/report").size());
    // ...until it expires: then a fresh report, for a fresh nonce.
    now.set(Tee.NOW.plus(Duration.ofMinutes(11)));
    prompt(gate);
    assertEquals(2, provider.to("/v1/attestation/report").size());
    assertFalse(provider.to("/v1/attestation/report").get(0).target().equals(provider.to("/v1/attestation/report").get(1).target()));
    List<AuditRecord> records = audit.query(new AuditStore.Filter("near-test", null, null, null), 10);
    assertEquals(2, records.size());
    assertTrue(records.stream().allMatch(r -> r.decision().equals("verified")));
  }

  @Test
  void aDebugTdGetsNothing() {
    tamper = n -> n.tdAttributes0 = 1;
    assertNothingSent(assertThrows(AttestationException.class, () -> prompt(gate(pinned()))), Reason.TD_DEBUG);
  }

  @Test
  void aReportForAnotherNonceGetsNothing() {
    tamper = n -> n.nonce = new byte[32];
    assertNothingSent(assertThrows(AttestationException.class, () -> prompt(gate(pinned()))), Reason.NONCE_MISMATCH);
  }

  @Test
  void aReportForAnotherKeyGetsNothing() {
    tamper = n -> n.reportDataPrefix = new byte[20];
    assertNothingSent(assertThrows(AttestationException.class, () -> prompt(gate(pinned()))), Reason.SIGNING_KEY_MISMATCH);
  }

  @Test
  void changedSoftwareGetsNothing() {
    tamper = n -> n.events.set(5, Tee.runtime("compose-hash", "33".repeat(32)));
    assertNothingSent(assertThrows(AttestationException.class, () -> prompt(gate(pinned()))), Reason.MEASUREMENT_MISMATCH);
  }

  @Test
  void anUnpinnedProviderGetsNothing() {
    assertNothingSent(assertThrows(AttestationException.class, () -> prompt(gate(AttestationPolicy.unpinned()))), Reason.NOT_PINNED);
  }

  @Test
  void aFailedVerificationIsNotCachedAndAnUnreachableProviderGetsNothing() {
    AttestationGate gate = gate(pinned());
    tamper = n -> n.tdAttributes0 = 1;
    assertThrows(AttestationException.class, () -> prompt(gate));
    tamper = n -> {};
    prompt(gate); // the next prompt verifies afresh
    assertEquals(2, provider.to("/v1/attestation/report").size());

    AttestationGate other = gate(pinned());
    NearAiProvider unreachable = new NearAiProvider("near-test", "https://cloud-api.near.ai", "test/model", egress); // not allowed by egress
    AttestationException e = assertThrows(AttestationException.class, () -> other.requireVerified(unreachable));
    assertEquals(Reason.REPORT_UNAVAILABLE, e.reason());
  }

  @Test
  void anAnswerSignedByAnotherKeyIsRefused() {
    Attested a = gate(pinned()).requireVerified(near);
    Tee.Signer other = new Tee.Signer();
    String text = Bin.hex(Bin.sha256(PROMPT.getBytes(StandardCharsets.UTF_8))) + ":" + Bin.hex(Bin.sha256(ANSWER.getBytes(StandardCharsets.UTF_8)));
    AttestationException e = assertThrows(AttestationException.class, () -> a.verifyResponse(
        new ResponseSignature.Signed(text, other.sign(text), "0x" + Bin.hex(other.address())),
        PROMPT.getBytes(StandardCharsets.UTF_8), ANSWER.getBytes(StandardCharsets.UTF_8), null));
    assertEquals(Reason.RESPONSE_SIGNATURE, e.reason());
  }
}
