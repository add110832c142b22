package dev.ironclaw4j.guard.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressAuditEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Intel's provisioning service played by a loopback server, reached through the real egress client; then taken offline. */
class IntelPcsTest {
  private final Tee tee = new Tee();
  private final List<EgressAuditEvent> audit = new CopyOnWriteArrayList<>();
  private final AtomicBoolean up = new AtomicBoolean(true);
  @TempDir Path cacheDir;
  private Loopback pcs;
  private Egress egress;

  @BeforeEach
  void start() throws Exception {
    Collateral c = tee.collateral();
    String chain = URLEncoder.encode(c.tcbInfoChain(), StandardCharsets.UTF_8);
    pcs = new Loopback(got -> {
      if (!up.get()) {
        return Loopback.Reply.status(503);
      }
      String t = got.target();
      if (t.startsWith("/tdx/certification/v4/tcb?fmspc=00806F050000")) {
        return new Loopback.Reply(200, Map.of("TCB-Info-Issuer-Chain", chain), c.tcbInfo().getBytes(StandardCharsets.UTF_8));
      } else if (t.equals("/tdx/certification/v4/qe/identity")) {
        return new Loopback.Reply(200, Map.of("SGX-Enclave-Identity-Issuer-Chain", chain), c.qeIdentity().getBytes(StandardCharsets.UTF_8));
      } else if (t.equals("/sgx/certification/v4/pckcrl?ca=platform&encoding=der")) {
        return new Loopback.Reply(200, Map.of(), c.pckCrl());
      } else if (t.equals("/IntelSGXRootCA.der")) {
        return new Loopback.Reply(200, Map.of(), c.rootCrl());
      }
      return Loopback.Reply.status(404);
    });
    egress = Loopback.egress(audit, pcs.base() + "/ allow-private GET");
  }

  @AfterEach
  void stop() {
    egress.close();
    pcs.close();
  }

  private IntelPcs pcs(Clock clock) {
    return new IntelPcs(egress, pcs.base(), pcs.base(), CollateralCache.directory(cacheDir), clock);
  }

  private Verification verify(CollateralSource source, Duration maxAge) {
    Tee.Node node = tee.node();
    AttestationPolicy p = Tee.pinnedTo(node);
    AttestationPolicy policy = new AttestationPolicy(p.pins(), p.acceptedTcbStatuses(), true, maxAge, p.evidenceLifetime());
    return new AttestationVerifier(tee.trustRoot(), source, GpuVerifier.off(), tee.clock)
        .verify(NearAiProvider.parse("t", Tee.report(node.json())), node.nonce, policy, Tee.NOW);
  }

  @Test
  void freshCollateralIsFetchedThroughEgressAndVerifies() {
    Verification v = verify(pcs(tee.clock), Duration.ZERO);
    assertTrue(v.verified(), v.checks().toString());
    CheckResult col = v.checks().stream().filter(c -> c.check().equals("collateral")).findFirst().orElseThrow();
    assertTrue(col.detail().startsWith("fetched from Intel"), col.detail());
    assertEquals(4, pcs.received.size(), pcs.received.toString());
    assertTrue(audit.stream().allMatch(e -> e.caller().equals(IntelPcs.CALLER) && e.outcome().equals("allowed")), audit.toString());
  }

  @Test
  void offlineWithNothingCachedIsCollateralUnavailable() {
    up.set(false);
    AttestationException e = assertThrows(AttestationException.class, () -> pcs(tee.clock).fetch("00806f050000", "platform", Duration.ofDays(1)));
    assertEquals(Reason.COLLATERAL_UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().startsWith("offline: collateral unavailable"), e.getMessage());
    assertEquals(Reason.COLLATERAL_UNAVAILABLE, verify(pcs(tee.clock), Duration.ofDays(1)).firstFailure().orElseThrow().reason());
  }

  @Test
  void offlineUsesACachedCopyOnlyWithinTheAllowedAge() {
    pcs(tee.clock).fetch("00806f050000", "platform", Duration.ZERO); // online: cached
    up.set(false);
    Clock later = Clock.fixed(Tee.NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC);

    // Not allowed at all: unavailable, and the cached copy is named.
    AttestationException none = assertThrows(AttestationException.class, () -> pcs(later).fetch("00806f050000", "platform", Duration.ZERO));
    assertEquals(Reason.COLLATERAL_UNAVAILABLE, none.reason());
    assertTrue(none.getMessage().contains("allows no cached collateral"), none.getMessage());

    // Allowed up to one hour; the copy is two hours old.
    AttestationException old = assertThrows(AttestationException.class, () -> pcs(later).fetch("00806f050000", "platform", Duration.ofHours(1)));
    assertEquals(Reason.COLLATERAL_EXPIRED, old.reason());

    // Allowed up to a day: used, and said to be a cached copy.
    Collateral cached = pcs(later).fetch("00806f050000", "platform", Duration.ofDays(1));
    assertTrue(cached.cached());
    Verification v = verify(pcs(tee.clock), Duration.ofDays(1));
    assertTrue(v.verified(), v.checks().toString());
    assertTrue(v.checks().stream().anyMatch(c -> c.check().equals("collateral") && c.detail().startsWith("CACHED")), v.checks().toString());
  }

  @Test
  void aTamperedCacheIsNeverTrusted() throws Exception {
    pcs(tee.clock).fetch("00806f050000", "platform", Duration.ZERO);
    up.set(false);
    Path file = cacheDir.resolve("00806f050000-platform.json");
    String json = java.nio.file.Files.readString(file);
    // Rewrite the TCB info to claim a better status without Intel's signature over it.
    java.nio.file.Files.writeString(file, json.replace("OutOfDate", "UpToDate"));
    Verification v = verify(pcs(tee.clock), Duration.ofDays(1));
    assertFalse(v.verified());
    assertEquals(Reason.COLLATERAL_INVALID, v.firstFailure().orElseThrow().reason(), v.checks().toString());
  }
}
