package dev.ironclaw4j.guard.attest;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import dev.ironclaw4j.guard.egress.EgressRule;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Intel's Provisioning Certification Service (PCS, API v4), through egress. Four unauthenticated GETs
 * per platform: the TDX TCB info for the FMSPC, the TDX quoting enclave identity, the PCK CRL of the
 * platform's CA, and the root CA's CRL. Each fresh answer is cached; when the service cannot be
 * reached a cached copy is used only if the caller allows one of that age: otherwise the state is
 * "offline: collateral unavailable", which fails verification.
 */
public final class IntelPcs implements CollateralSource {
  /** Intel's API host. */
  public static final String API = "https://api.trustedservices.intel.com";
  /** Where Intel publishes the root CA's CRL. */
  public static final String CERTIFICATES = "https://certificates.trustedservices.intel.com";
  static final String CALLER = "attest:intel-pcs";

  private final Egress egress;
  private final String api;
  private final String certificates;
  private final CollateralCache cache;
  private final Clock clock;

  /** Intel's production endpoints. */
  public IntelPcs(Egress egress, CollateralCache cache, Clock clock) {
    this(egress, API, CERTIFICATES, cache, clock);
  }

  /** Other endpoints (a PCCS mirror, a test server): same paths under other bases. */
  public IntelPcs(Egress egress, String api, String certificates, CollateralCache cache, Clock clock) {
    this.egress = Objects.requireNonNull(egress);
    this.api = trim(api);
    this.certificates = trim(certificates);
    this.cache = Objects.requireNonNull(cache);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The egress rules this client needs (GET only), for these bases. */
  public static List<EgressRule> egressRules(String api, String certificates) {
    String a = trim(api);
    return List.of(
        EgressRule.parse(a + "/tdx/certification/v4/* GET"),
        EgressRule.parse(a + "/sgx/certification/v4/pckcrl GET"),
        EgressRule.parse(trim(certificates) + "/IntelSGXRootCA.der GET"));
  }

  @Override
  public Collateral fetch(String fmspc, String caType, Duration maxCachedAge) {
    if (!fmspc.matches("[0-9a-fA-F]{12}") || !(caType.equals("platform") || caType.equals("processor"))) {
      throw new IllegalArgumentException("bad FMSPC or CA type");
    }
    String key = fmspc.toLowerCase(Locale.ROOT) + "-" + caType;
    try {
      Collateral fresh = fetchOnline(fmspc.toUpperCase(Locale.ROOT), caType);
      cache.store(key, fresh);
      return fresh;
    } catch (EgressDeniedException | Unavailable e) {
      String why = e instanceof EgressDeniedException d ? d.reason() + ": " + d.getMessage() : e.getMessage();
      Optional<Collateral> cached = cache.load(key);
      if (cached.isEmpty()) {
        throw new AttestationException(Reason.COLLATERAL_UNAVAILABLE,
            "offline: collateral unavailable (Intel's provisioning service: " + why + "), and none is cached", e);
      }
      Duration age = Duration.between(cached.get().fetchedAt(), clock.instant());
      if (maxCachedAge.isZero() || maxCachedAge.isNegative()) {
        throw new AttestationException(Reason.COLLATERAL_UNAVAILABLE,
            "offline: collateral unavailable (Intel's provisioning service: " + why + "); a cached copy from "
                + cached.get().fetchedAt() + " exists but the policy allows no cached collateral", e);
      }
      if (age.compareTo(maxCachedAge) > 0) {
        throw new AttestationException(Reason.COLLATERAL_EXPIRED,
            "offline, and the cached collateral is " + age.toMinutes() + " minutes old; the policy allows "
                + maxCachedAge.toMinutes() + " (Intel's provisioning service: " + why + ")", e);
      }
      return cached.get();
    }
  }

  private Collateral fetchOnline(String fmspc, String caType) {
    EgressResponse tcb = get(api + "/tdx/certification/v4/tcb?fmspc=" + fmspc);
    EgressResponse qe = get(api + "/tdx/certification/v4/qe/identity");
    EgressResponse pckCrl = get(api + "/sgx/certification/v4/pckcrl?ca=" + caType + "&encoding=der");
    EgressResponse rootCrl = get(certificates + "/IntelSGXRootCA.der");
    return new Collateral(
        tcb.bodyText(), header(tcb, "TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain"),
        qe.bodyText(), header(qe, "SGX-Enclave-Identity-Issuer-Chain", "SGX-Enclave-Identity-Issuer-Chain"),
        pckCrl.body(), rootCrl.body(), clock.instant(), false);
  }

  private EgressResponse get(String url) {
    EgressResponse r = egress.send(EgressRequest.builder(CALLER, "GET", url).build());
    if (r.status() != 200) {
      throw new Unavailable("HTTP " + r.status() + " for " + r.finalUrl());
    }
    if (r.body().length > Limits.MAX_COLLATERAL_BYTES) {
      throw new Unavailable("answer larger than " + Limits.MAX_COLLATERAL_BYTES + " bytes from " + r.finalUrl());
    }
    return r;
  }

  private static String header(EgressResponse r, String name, String alternative) {
    String v = r.header(name).or(() -> r.header(alternative))
        .orElseThrow(() -> new Unavailable("no " + name + " header from " + r.finalUrl()));
    try {
      return URLDecoder.decode(v, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Unavailable("undecodable " + name + " header from " + r.finalUrl());
    }
  }

  private static String trim(String base) {
    String b = Objects.requireNonNull(base);
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  /** The service answered, but not with collateral. */
  private static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message, null, false, false);
    }
  }
}
