package dev.ironclaw4j.guard.attest;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A compact JWS, verified with ECDSA keys from a JWKS: only ES256 and ES384 (never {@code none} or
 * an HMAC), the key chosen by {@code kid}, the signature r||s over {@code header.payload}.
 */
final class Jwt {
  private Jwt() {}

  /** The claims of a verified token. */
  record Verified(String kid, JsonNode claims) {}

  /** Keys of a JWKS ({@code {"keys":[{"kty":"EC","crv":"P-384","kid":...,"x":...,"y":...}]}}); other keys are skipped. */
  static Map<String, PublicKey> keys(String jwks) {
    JsonNode doc = Json.parse(jwks);
    Map<String, PublicKey> out = new HashMap<>();
    for (JsonNode k : doc.path("keys")) {
      String crv = k.path("crv").asString("");
      String curve = crv.equals("P-384") ? "secp384r1" : crv.equals("P-256") ? "secp256r1" : null;
      if (!k.path("kty").asString("").equals("EC") || curve == null || !k.path("kid").isString()) {
        continue;
      }
      Base64.Decoder d = Base64.getUrlDecoder();
      out.put(k.path("kid").asString(), Ecdsa.key(curve, d.decode(k.path("x").asString("")), d.decode(k.path("y").asString(""))));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the key set has no EC key");
    }
    return out;
  }

  /** @throws IllegalArgumentException naming why the token does not verify */
  static Verified verify(String token, Map<String, PublicKey> keys) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a compact JWS");
    }
    Base64.Decoder d = Base64.getUrlDecoder();
    JsonNode header = Json.parse(new String(d.decode(parts[0]), StandardCharsets.UTF_8));
    String alg = header.path("alg").asString("");
    String sigAlg = switch (alg) {
      case "ES384" -> "SHA384withECDSAinP1363Format";
      case "ES256" -> "SHA256withECDSAinP1363Format";
      default -> throw new IllegalArgumentException("algorithm '" + alg + "' is not accepted");
    };
    String kid = header.path("kid").asString(null);
    PublicKey key = kid != null ? keys.get(kid) : keys.size() == 1 ? keys.values().iterator().next() : null;
    if (key == null) {
      throw new IllegalArgumentException("no published key has id '" + kid + "'");
    }
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!Ecdsa.verify(key, sigAlg, signed, d.decode(parts[2]))) {
      throw new IllegalArgumentException("the signature does not verify with key '" + kid + "'");
    }
    return new Verified(kid, Json.parse(new String(d.decode(parts[1]), StandardCharsets.UTF_8)));
  }
}
