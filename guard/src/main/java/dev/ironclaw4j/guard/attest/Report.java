package dev.ironclaw4j.guard.attest;

import java.util.List;

/**
 * A provider's attestation report, parsed: one entry per attested node (a gateway, each model node).
 * Every node must verify for the provider to be trusted: a prompt may be routed to any of them.
 */
public record Report(String provider, List<Node> nodes) {
  public Report {
    nodes = List.copyOf(nodes);
  }

  /**
   * One attested node's evidence, as the provider sent it; nothing here is trusted before verification.
   *
   * @param name e.g. {@code gateway} or {@code model:deepseek-ai/DeepSeek-V3.1#0}
   * @param quote the raw TDX quote
   * @param signer the signing identity the node claims
   * @param signerCommitment what the first 32 bytes of the quote's report data must be for this signer
   *     (as the provider documents its binding); the last 32 must be the nonce
   * @param binding how the commitment is formed, for messages
   * @param eventLog the node's event log
   * @param appCompose the app compose document the node claims, or null
   * @param gpuPayload NVIDIA GPU evidence (JSON text), or null
   * @param gpuExpected whether this node serves from GPUs (a model node) and must present GPU evidence
   */
  public record Node(String name, byte[] quote, Signer signer, byte[] signerCommitment, String binding, EventLog eventLog,
      String appCompose, String gpuPayload, boolean gpuExpected) {
    public Node {
      quote = quote.clone();
      signerCommitment = signerCommitment.clone();
    }

    @Override
    public byte[] quote() {
      return quote.clone();
    }

    @Override
    public byte[] signerCommitment() {
      return signerCommitment.clone();
    }
  }

  /**
   * A signing identity: for {@code ecdsa} (secp256k1) a 20-byte Ethereum-style address, with the public
   * key when the provider sends it (then it must hash to the address).
   */
  public record Signer(String algorithm, byte[] address, byte[] publicKey) {
    public Signer {
      address = address.clone();
      publicKey = publicKey == null ? null : publicKey.clone();
    }

    @Override
    public byte[] address() {
      return address.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey == null ? null : publicKey.clone();
    }

    /** {@code 0x} and lower-case hex of the address. */
    public String addressHex() {
      return "0x" + Bin.hex(address);
    }
  }
}
