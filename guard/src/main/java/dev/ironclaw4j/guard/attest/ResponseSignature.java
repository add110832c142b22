package dev.ironclaw4j.guard.attest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a provider's signature over one completion before its answer is shown. NEAR AI documents it
 * (GET {@code {base}/v1/signature/{chat_id}}): the signed text is {@code [MODEL:]SHA256(request
 * body):SHA256(response body)} in lower-case hex, signed as an EIP-191 personal message with the
 * node's secp256k1 key. It verifies when the text names exactly the bytes we sent and received, the
 * signature recovers to the address it claims, and that address is one an attestation verified.
 */
public final class ResponseSignature {
  /** A provider's signature of one completion. */
  public record Signed(String text, String signature, String signingAddress) {}

  private ResponseSignature() {}

  /**
   * @param attestedAddresses the signing addresses of the verified attestation ({@link Attested#signingAddresses()})
   * @param model the model asked, or null not to check a model prefix
   * @throws AttestationException {@code response-signature-invalid} naming what does not match
   */
  public static void verify(Set<String> attestedAddresses, Signed sig, byte[] requestBody, byte[] responseBody, String model) {
    if (sig.text() == null || sig.text().length() > Limits.MAX_SIGNED_TEXT_CHARS) {
      throw fail("the signed text is missing or longer than " + Limits.MAX_SIGNED_TEXT_CHARS + " characters");
    }
    String[] parts = sig.text().split(":", -1);
    if (parts.length < 2 || !parts[parts.length - 1].matches("[0-9a-fA-F]{64}") || !parts[parts.length - 2].matches("[0-9a-fA-F]{64}")) {
      throw fail("the signed text is not [MODEL:]REQUEST_SHA256:RESPONSE_SHA256");
    }
    String responseHash = parts[parts.length - 1];
    String requestHash = parts[parts.length - 2];
    String prefix = String.join(":", java.util.Arrays.copyOf(parts, parts.length - 2));
    if (model != null && !prefix.isEmpty() && !prefix.equals(model)) {
      throw fail("the signature is for model '" + prefix + "', not '" + model + "'");
    }
    if (!eq(requestHash, Bin.hex(Bin.sha256(requestBody)))) {
      throw fail("the signature covers another request than the one sent");
    }
    if (!eq(responseHash, Bin.hex(Bin.sha256(responseBody)))) {
      throw fail("the signature covers another response than the one received");
    }
    byte[] recovered;
    try {
      recovered = Secp256k1.recoverAddress(Secp256k1.personalMessageHash(sig.text().getBytes(StandardCharsets.UTF_8)),
          Bin.unhex(sig.signature(), 65));
    } catch (IllegalArgumentException e) {
      throw fail("the signature is malformed: " + e.getMessage());
    }
    String signer = "0x" + Bin.hex(recovered);
    if (sig.signingAddress() == null || !signer.equalsIgnoreCase(sig.signingAddress())) {
      throw fail("the signature was made by " + signer + ", not by the claimed " + sig.signingAddress());
    }
    if (attestedAddresses.stream().noneMatch(a -> a.equalsIgnoreCase(signer))) {
      throw fail("the signer " + signer + " is not a signing address of the verified attestation");
    }
  }

  private static boolean eq(String a, String b) {
    return MessageDigest.isEqual(a.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
        b.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  private static AttestationException fail(String why) {
    return new AttestationException(Reason.RESPONSE_SIGNATURE, "response signature: " + why);
  }
}
