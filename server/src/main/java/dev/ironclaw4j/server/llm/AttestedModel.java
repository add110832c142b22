package dev.ironclaw4j.server.llm;

import dev.ironclaw4j.guard.attest.AttestationException;
import dev.ironclaw4j.guard.attest.AttestationGate;
import dev.ironclaw4j.guard.attest.AttestationProvider;
import java.util.Objects;

/**
 * A model behind a confidential-inference provider: before every call the provider's attestation must
 * verify (the gate reuses a verification until it expires, then fetches fresh evidence with a fresh
 * nonce). When a check fails the prompt is not sent, the call fails with reason {@code attestation} and
 * the message names the failed check; there is no failover around it.
 */
public final class AttestedModel implements ChatModel {
  private final ChatModel inner;
  private final AttestationGate gate;
  private final AttestationProvider provider;

  public AttestedModel(ChatModel inner, AttestationGate gate, AttestationProvider provider) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  @Override
  public String id() {
    return inner.id();
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatSink sink) {
    try {
      gate.requireVerified(provider);
    } catch (AttestationException e) {
      throw new ModelException("attestation", "the prompt was not sent: " + provider.id() + "'s attestation failed ("
          + e.reason() + "): " + e.getMessage() + "; run 'ironclaw4j attest check " + provider.id() + "' for every check",
          false, false, -1, null);
    }
    return inner.chat(request, sink);
  }
}
