package dev.ironclaw4j.guard.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressAuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GPU evidence through NVIDIA's attestation service, played by a loopback server signing with a test key. */
class NvidiaNrasTest {
  private final Tee tee = new Tee();
  private final List<EgressAuditEvent> audit = new CopyOnWriteArrayList<>();
  private final KeyPair nvidia = p384();
  private final byte[] nonce = Bin.sha256("nonce".getBytes(StandardCharsets.UTF_8));
  private Loopback nras;
  private Egress egress;

  @AfterEach
  void stop() {
    if (egress != null) {
      egress.close();
    }
    if (nras != null) {
      nras.close();
    }
  }

  private static KeyPair p384() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String jwks() {
    byte[] xy = TestPki.xy(nvidia.getPublic(), 48);
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"kid\":\"nv-1\",\"x\":\"" + b.encodeToString(java.util.Arrays.copyOf(xy, 48))
        + "\",\"y\":\"" + b.encodeToString(java.util.Arrays.copyOfRange(xy, 48, 96)) + "\"}]}";
  }

  private String token(String alg, String claims, KeyPair key) {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    String head = b.encodeToString(("{\"alg\":\"" + alg + "\",\"kid\":\"nv-1\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
    String body = b.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    byte[] sig = alg.equals("none") ? new byte[0]
        : TestPki.sign(key.getPrivate(), "SHA384withECDSAinP1363Format", (head + "." + body).getBytes(StandardCharsets.US_ASCII));
    return head + "." + body + "." + b.encodeToString(sig);
  }

  private String claims(String nonceHex, boolean result) {
    long now = Tee.NOW.getEpochSecond();
    return "{\"iss\":\"https://nras.attestation.nvidia.com\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + 3600)
        + ",\"eat_nonce\":\"" + nonceHex + "\",\"x-nvidia-overall-att-result\":" + result + "}";
  }

  private GpuVerifier.Verdict run(Function<Loopback.Got, String> token) throws Exception {
    nras = new Loopback(got -> {
      if (got.target().equals("/.well-known/jwks.json")) {
        return Loopback.Reply.json(jwks());
      }
      if (got.target().equals("/v3/attest/gpu") && got.method().equals("POST")) {
        String t = token.apply(got);
        return t == null ? Loopback.Reply.status(500) : Loopback.Reply.json("[[\"JWT\",\"" + t + "\"],{\"GPU-0\":\"" + t + "\"}]");
      }
      return Loopback.Reply.status(404);
    });
    egress = Loopback.egress(audit, nras.base() + "/ allow-private");
    String payload = "{\"nonce\":\"" + Bin.hex(nonce) + "\",\"arch\":\"HOPPER\",\"evidence_list\":[{\"certificate\":\"Y2VydA==\",\"evidence\":\"ZXY=\",\"arch\":\"HOPPER\"}]}";
    return new NvidiaNras(egress, nras.base(), tee.clock).verify(payload, nonce);
  }

  @Test
  void aSignedPassingTokenForOurNonceVerifies() throws Exception {
    GpuVerifier.Verdict v = run(got -> token("ES384", claims(Bin.hex(nonce), true), nvidia));
    assertEquals(GpuVerifier.Verdict.Outcome.VERIFIED, v.outcome(), v.detail());
    assertTrue(v.detail().contains("1 GPU"), v.detail());
    // The token came back intact through egress (a JWT would otherwise be redacted as a credential).
    assertEquals(2, nras.received.size());
    assertTrue(nras.received.get(0).body().contains(Bin.hex(nonce)), "the evidence is posted as is");
  }

  @Test
  void aFailingVerdictFails() throws Exception {
    assertEquals(GpuVerifier.Verdict.Outcome.FAILED, run(got -> token("ES384", claims(Bin.hex(nonce), false), nvidia)).outcome());
  }

  @Test
  void aTokenForAnotherNonceFails() throws Exception {
    assertEquals(GpuVerifier.Verdict.Outcome.FAILED, run(got -> token("ES384", claims("00".repeat(32), true), nvidia)).outcome());
  }

  @Test
  void aTokenNotSignedByNvidiasPublishedKeyFails() throws Exception {
    GpuVerifier.Verdict v = run(got -> token("ES384", claims(Bin.hex(nonce), true), p384()));
    assertEquals(GpuVerifier.Verdict.Outcome.FAILED, v.outcome());
    assertTrue(v.detail().contains("does not verify"), v.detail());
  }

  @Test
  void anUnsignedTokenFails() throws Exception {
    GpuVerifier.Verdict v = run(got -> token("none", claims(Bin.hex(nonce), true), nvidia));
    assertEquals(GpuVerifier.Verdict.Outcome.FAILED, v.outcome());
    assertTrue(v.detail().contains("'none' is not accepted"), v.detail());
  }

  @Test
  void anUnreachableServiceIsUnverifiedNeverVerified() throws Exception {
    GpuVerifier.Verdict v = run(got -> null);
    assertEquals(GpuVerifier.Verdict.Outcome.UNVERIFIED, v.outcome(), v.detail());
    egress.close();
    nras.close();
    nras = null;
    egress = Loopback.egress(audit); // nothing allowed: as if offline
    GpuVerifier.Verdict offline = new NvidiaNras(egress, "https://nras.attestation.nvidia.com", tee.clock)
        .verify("{\"nonce\":\"" + Bin.hex(nonce) + "\"}", nonce);
    assertEquals(GpuVerifier.Verdict.Outcome.UNVERIFIED, offline.outcome(), offline.detail());
  }

  @Test
  void evidenceForAnotherNonceFailsWithoutAsking() throws Exception {
    nras = new Loopback(got -> Loopback.Reply.status(500));
    egress = Loopback.egress(audit, nras.base() + "/ allow-private");
    GpuVerifier.Verdict v = new NvidiaNras(egress, nras.base(), tee.clock).verify("{\"nonce\":\"" + "00".repeat(32) + "\"}", nonce);
    assertEquals(GpuVerifier.Verdict.Outcome.FAILED, v.outcome());
    assertTrue(nras.received.isEmpty());
  }
}
