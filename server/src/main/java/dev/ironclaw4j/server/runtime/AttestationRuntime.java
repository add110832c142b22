package dev.ironclaw4j.server.runtime;

import dev.ironclaw4j.guard.attest.AttestationGate;
import dev.ironclaw4j.guard.attest.AttestationVerifier;
import dev.ironclaw4j.guard.attest.CollateralCache;
import dev.ironclaw4j.guard.attest.IntelPcs;
import dev.ironclaw4j.guard.attest.Limits;
import dev.ironclaw4j.guard.attest.NearAiProvider;
import dev.ironclaw4j.guard.attest.NvidiaNras;
import dev.ironclaw4j.guard.attest.PinFile;
import dev.ironclaw4j.guard.attest.TrustRoot;
import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressAuditSink;
import dev.ironclaw4j.guard.egress.EgressPolicy;
import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.guard.leak.LeakScanner;
import dev.ironclaw4j.server.home.Home;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The attestation client assembled for one process: where its files live in the home, its own egress
 * client (allowed exactly the provider's report endpoint, Intel's provisioning service and NVIDIA's
 * attestation service; responses verbatim, since they are signed evidence), the production verifier
 * (Intel's pinned root) and the gate a provider client calls before each prompt.
 */
public final class AttestationRuntime {
  private AttestationRuntime() {}

  /** The user's pins and policies: {@code HOME/attest/pins.json}, mode 0600. */
  public static Path pinFile(Home home) {
    return home.dir().resolve("attest").resolve("pins.json");
  }

  /** The last Intel collateral fetched, for offline use within the age the user allows. */
  public static Path collateralCache(Home home) {
    return home.dataDir().resolve("attest-collateral");
  }

  /**
   * The egress client of attestation.
   *
   * @param providerBase the provider's base URL, e.g. https://cloud-api.near.ai
   * @param allowPrivate whether that base may be on a private network (a local dstack deployment)
   */
  public static Egress egress(String providerBase, boolean allowPrivate, LeakScanner scanner, EgressAuditSink audit) {
    List<EgressRule> rules = new ArrayList<>();
    for (EgressRule r : NearAiProvider.egressRules(providerBase)) {
      rules.add(new EgressRule(r.scheme(), r.host(), r.hostSuffix(), r.port(), r.path(), r.pathIsPrefix(), r.methods(), allowPrivate));
    }
    rules.addAll(IntelPcs.egressRules(IntelPcs.API, IntelPcs.CERTIFICATES));
    rules.addAll(NvidiaNras.egressRules(NvidiaNras.NRAS));
    return Egress.builder().policy(EgressPolicy.of(rules)).leakScanner(scanner).audit(audit).verbatimResponses()
        .maxResponseBytes(Limits.MAX_REPORT_BYTES).build();
  }

  /** The production verifier: Intel's pinned root, Intel's collateral (cached in the home), NVIDIA's service. */
  public static AttestationVerifier verifier(Egress egress, Home home, Clock clock) {
    return new AttestationVerifier(TrustRoot.intel(), new IntelPcs(egress, CollateralCache.directory(collateralCache(home)), clock),
        new NvidiaNras(egress, clock), clock);
  }

  /** The gate, with the policies of the home's pin file and every verification in the audit log. */
  public static AttestationGate gate(AttestationVerifier verifier, Home home, AuditLog audit, Clock clock) {
    PinFile pins = new PinFile(pinFile(home));
    return new AttestationGate(verifier, pins::policy, audit, clock);
  }
}
