package dev.ironclaw4j.server.agent;

import dev.ironclaw4j.server.ServerException;

/**
 * Agent and session failures (unknown session, busy session, bad model configuration), with a stable
 * reason code such as {@code session-busy} that protocol channels put on the wire.
 */
public final class AgentException extends ServerException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public AgentException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
