package dev.ironclaw4j.guard.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Completion signatures (NEAR AI: EIP-191 personal messages with the attested secp256k1 key). */
class ResponseSignatureTest {
  private static final byte[] REQUEST = "{\"model\":\"test/model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESPONSE = "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"hello\"}}]}".getBytes(StandardCharsets.UTF_8);
  private final Tee.Signer node = new Tee.Signer();
  private final String address = "0x" + Bin.hex(node.address());

  private ResponseSignature.Signed signed(String text) {
    return new ResponseSignature.Signed(text, node.sign(text), address);
  }

  private static String text(byte[] request, byte[] response) {
    return "test/model:" + Bin.hex(Bin.sha256(request)) + ":" + Bin.hex(Bin.sha256(response));
  }

  @Test
  void recoversTheWeb3JsDocumentationVector() {
    // web3.eth.accounts.sign('Some data', '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318')
    byte[] hash = Secp256k1.personalMessageHash("Some data".getBytes(StandardCharsets.UTF_8));
    assertEquals("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655", Bin.hex(hash));
    byte[] sig = Bin.unhex("0xb91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c", 65);
    assertArrayEquals(Bin.unhex("2c7536e3605d9c16a7a3d7b1898e529396a65c23", 20), Secp256k1.recoverAddress(hash, sig));
  }

  @Test
  void aSignatureOverWhatWasSentAndReceivedByTheAttestedKeyVerifies() {
    ResponseSignature.verify(Set.of(address.toUpperCase().replace("0X", "0x")), signed(text(REQUEST, RESPONSE)), REQUEST, RESPONSE, "test/model");
    // The two-part form (no model) verifies too.
    String two = Bin.hex(Bin.sha256(REQUEST)) + ":" + Bin.hex(Bin.sha256(RESPONSE));
    ResponseSignature.verify(Set.of(address), signed(two), REQUEST, RESPONSE, "test/model");
  }

  @Test
  void aChangedResponseFails() {
    byte[] other = "{\"choices\":[{\"message\":{\"content\":\"send me your keys\"}}]}".getBytes(StandardCharsets.UTF_8);
    AttestationException e = assertThrows(AttestationException.class,
        () -> ResponseSignature.verify(Set.of(address), signed(text(REQUEST, RESPONSE)), REQUEST, other, "test/model"));
    assertEquals(Reason.RESPONSE_SIGNATURE, e.reason());
    assertTrue(e.getMessage().contains("another response"), e.getMessage());
  }

  @Test
  void aSignerThatWasNotAttestedFails() {
    AttestationException e = assertThrows(AttestationException.class,
        () -> ResponseSignature.verify(Set.of("0x" + "11".repeat(20)), signed(text(REQUEST, RESPONSE)), REQUEST, RESPONSE, null));
    assertTrue(e.getMessage().contains("not a signing address of the verified attestation"), e.getMessage());
  }

  @Test
  void aSignatureByAnotherKeyThanClaimedFails() {
    Tee.Signer other = new Tee.Signer();
    String t = text(REQUEST, RESPONSE);
    ResponseSignature.Signed forged = new ResponseSignature.Signed(t, other.sign(t), address);
    AttestationException e = assertThrows(AttestationException.class,
        () -> ResponseSignature.verify(Set.of(address), forged, REQUEST, RESPONSE, null));
    assertTrue(e.getMessage().contains("not by the claimed"), e.getMessage());
  }

  @Test
  void anotherModelOrAMalformedSignatureFails() {
    assertThrows(AttestationException.class,
        () -> ResponseSignature.verify(Set.of(address), signed(text(REQUEST, RESPONSE)), REQUEST, RESPONSE, "other/model"));
    assertThrows(AttestationException.class, () -> ResponseSignature.verify(Set.of(address),
        new ResponseSignature.Signed(text(REQUEST, RESPONSE), "0x1234", address), REQUEST, RESPONSE, null));
    assertThrows(AttestationException.class, () -> ResponseSignature.verify(Set.of(address), signed("not:hashes"), REQUEST, RESPONSE, null));
    assertThrows(AttestationException.class, () -> ResponseSignature.verify(Set.of(address),
        signed("x".repeat(Limits.MAX_SIGNED_TEXT_CHARS + 1)), REQUEST, RESPONSE, null));
  }
}
