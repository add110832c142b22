package dev.ironclaw4j.guard.attest;

import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Intel's collateral for one platform (FMSPC) and PCK CA, exactly as Intel's provisioning service
 * served it: nothing here is trusted until {@link CollateralCheck} has verified its signatures to the
 * trust root. {@code cached} says it came from the local cache because the service was unreachable.
 *
 * @param tcbInfo the body of {@code /tdx/certification/v4/tcb} ({@code {"tcbInfo":{...},"signature":"..."}})
 * @param tcbInfoChain the PEM chain of its signer (header {@code TCB-Info-Issuer-Chain}, URL-decoded)
 * @param qeIdentity the body of {@code /tdx/certification/v4/qe/identity}
 * @param qeIdentityChain the PEM chain of its signer (header {@code SGX-Enclave-Identity-Issuer-Chain})
 * @param pckCrl the DER CRL of the PCK CA ({@code /sgx/certification/v4/pckcrl}); its issuer is the CA
 *     of the quote's own (verified) chain, whose key checks it
 * @param rootCrl the DER CRL of the root CA
 */
public record Collateral(String tcbInfo, String tcbInfoChain, String qeIdentity, String qeIdentityChain, byte[] pckCrl,
    byte[] rootCrl, Instant fetchedAt, boolean cached) {
  public Collateral {
    Objects.requireNonNull(tcbInfo);
    Objects.requireNonNull(tcbInfoChain);
    Objects.requireNonNull(qeIdentity);
    Objects.requireNonNull(qeIdentityChain);
    pckCrl = pckCrl.clone();
    rootCrl = rootCrl.clone();
    Objects.requireNonNull(fetchedAt);
  }

  @Override
  public byte[] pckCrl() {
    return pckCrl.clone();
  }

  @Override
  public byte[] rootCrl() {
    return rootCrl.clone();
  }

  Collateral asCached() {
    return new Collateral(tcbInfo, tcbInfoChain, qeIdentity, qeIdentityChain, pckCrl, rootCrl, fetchedAt, true);
  }

  /** The cache form: one JSON document. */
  byte[] serialize() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("fetched_at", fetchedAt.toString());
    o.put("tcb_info", tcbInfo);
    o.put("tcb_info_chain", tcbInfoChain);
    o.put("qe_identity", qeIdentity);
    o.put("qe_identity_chain", qeIdentityChain);
    o.put("pck_crl", Base64.getEncoder().encodeToString(pckCrl));
    o.put("root_crl", Base64.getEncoder().encodeToString(rootCrl));
    return Json.MAPPER.writeValueAsBytes(o);
  }

  /** Reads the cache form; anything malformed is an exception, never a partial result. */
  static Collateral deserialize(byte[] bytes) {
    if (bytes.length > 4L * Limits.MAX_COLLATERAL_BYTES) {
      throw new IllegalArgumentException("cached collateral too large");
    }
    JsonNode o = Json.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    return new Collateral(Json.requireText(o, "tcb_info"), Json.requireText(o, "tcb_info_chain"),
        Json.requireText(o, "qe_identity"), Json.requireText(o, "qe_identity_chain"),
        Base64.getDecoder().decode(Json.requireText(o, "pck_crl")),
        Base64.getDecoder().decode(Json.requireText(o, "root_crl")), Instant.parse(Json.requireText(o, "fetched_at")), true);
  }
}
