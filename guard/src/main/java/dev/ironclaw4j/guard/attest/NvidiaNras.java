package dev.ironclaw4j.guard.attest;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import dev.ironclaw4j.guard.egress.EgressRule;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * GPU evidence verified by NVIDIA's Remote Attestation Service (NRAS), through egress: the evidence is
 * posted to {@code /v3/attest/gpu}; the answer's overall token (an EAT, a JWT signed ES384) is checked
 * against NVIDIA's published keys ({@code /.well-known/jwks.json}), must be current, must carry our
 * nonce, and must say {@code x-nvidia-overall-att-result: true}. The evidence's own nonce must be ours
 * too. When NRAS or its keys cannot be reached the verdict is "unverified", never "verified".
 *
 * <p>What this trusts: NVIDIA's service to appraise the evidence (it checks the GPU's certificate
 * chain and measurements against NVIDIA's reference values) and the TLS connection to it for its keys.
 */
public final class NvidiaNras implements GpuVerifier {
  /** NVIDIA's production service. */
  public static final String NRAS = "https://nras.attestation.nvidia.com";
  static final String CALLER = "attest:nvidia-nras";
  private static final Duration SKEW = Duration.ofMinutes(2);
  private static final Duration KEYS_FOR = Duration.ofHours(1);

  private final Egress egress;
  private final String base;
  private final Clock clock;
  private Map<String, PublicKey> keys;
  private Instant keysFetched = Instant.MIN;

  public NvidiaNras(Egress egress, Clock clock) {
    this(egress, NRAS, clock);
  }

  public NvidiaNras(Egress egress, String base, Clock clock) {
    this.egress = Objects.requireNonNull(egress);
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.clock = Objects.requireNonNull(clock);
  }

  /** The egress rules this client needs. */
  public static List<EgressRule> egressRules(String base) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return List.of(EgressRule.parse(b + "/v3/attest/gpu POST"), EgressRule.parse(b + "/.well-known/jwks.json GET"));
  }

  @Override
  public Verdict verify(String payload, byte[] nonce) {
    String want = Bin.hex(nonce);
    JsonNode evidence;
    try {
      evidence = Json.parse(payload);
    } catch (IllegalArgumentException e) {
      return Verdict.failed("the GPU evidence is not JSON: " + e.getMessage());
    }
    if (!evidence.path("nonce").asString("").toLowerCase(Locale.ROOT).equals(want)) {
      return Verdict.failed("the GPU evidence answers nonce '" + evidence.path("nonce").asString("") + "', not ours");
    }
    String token;
    Map<String, PublicKey> published;
    try {
      EgressResponse r = egress.send(EgressRequest.builder(CALLER, "POST", base + "/v3/attest/gpu")
          .header("Content-Type", "application/json").header("Accept", "application/json").body(payload).build());
      if (r.status() != 200) {
        return Verdict.unverified("NVIDIA's attestation service answered HTTP " + r.status());
      }
      token = overallToken(r);
      published = keys();
    } catch (EgressDeniedException e) {
      return Verdict.unverified("NVIDIA's attestation service is unreachable (" + e.reason() + ": " + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      return Verdict.unverified("NVIDIA's attestation service answered something else than a token: " + e.getMessage());
    }
    Jwt.Verified v;
    try {
      v = Jwt.verify(token, published);
    } catch (IllegalArgumentException e) {
      return Verdict.failed("NVIDIA's token does not verify: " + e.getMessage());
    }
    JsonNode c = v.claims();
    Instant now = clock.instant();
    if (!c.path("exp").canConvertToLong() || !now.isBefore(Instant.ofEpochSecond(c.path("exp").asLong()).plus(SKEW))) {
      return Verdict.failed("NVIDIA's token has expired or has no expiry");
    }
    if (c.has("nbf") && now.plus(SKEW).isBefore(Instant.ofEpochSecond(c.path("nbf").asLong()))) {
      return Verdict.failed("NVIDIA's token is not valid yet");
    }
    if (!c.path("eat_nonce").asString("").toLowerCase(Locale.ROOT).equals(want)) {
      return Verdict.failed("NVIDIA's token is for another nonce");
    }
    if (!c.path("x-nvidia-overall-att-result").asBoolean(false)) {
      return Verdict.failed("NVIDIA's attestation result is false: the GPU evidence did not pass");
    }
    int gpus = evidence.path("evidence_list").size();
    return Verdict.verified("NVIDIA's attestation token (key " + v.kid() + ") says the " + gpus + " GPU(s) passed");
  }

  /** NRAS answers {@code [["JWT","<overall token>"],{"GPU-0":"<token>",...}]}. */
  private static String overallToken(EgressResponse r) {
    if (r.body().length > Limits.MAX_COLLATERAL_BYTES) {
      throw new IllegalArgumentException("answer larger than " + Limits.MAX_COLLATERAL_BYTES + " bytes");
    }
    JsonNode a = Json.parse(r.bodyText());
    JsonNode first = a.path(0);
    if (!first.path(0).asString("").equals("JWT") || !first.path(1).isString()) {
      throw new IllegalArgumentException("no overall JWT");
    }
    return first.path(1).asString();
  }

  private synchronized Map<String, PublicKey> keys() {
    Instant now = clock.instant();
    if (keys == null || now.isAfter(keysFetched.plus(KEYS_FOR))) {
      EgressResponse r = egress.send(EgressRequest.builder(CALLER, "GET", base + "/.well-known/jwks.json").build());
      if (r.status() != 200 || r.body().length > Limits.MAX_COLLATERAL_BYTES) {
        throw new IllegalArgumentException("NVIDIA's key set: HTTP " + r.status());
      }
      keys = Jwt.keys(r.bodyText());
      keysFetched = now;
    }
    return keys;
  }
}
