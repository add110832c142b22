package dev.ironclaw4j.server.channels;

import dev.ironclaw4j.server.ServerException;

/**
 * A request an editor channel (LSP, ACP) cannot serve, with the JSON-RPC error code and a stable reason
 * that go on the wire. The message is one line for the user and never carries a secret value or a
 * stack trace.
 */
public final class ChannelException extends ServerException {
  private static final long serialVersionUID = 1L;

  /** JSON-RPC: the parameters are wrong. */
  public static final int INVALID_PARAMS = -32602;
  /** JSON-RPC: a failure inside the server (details in its log, never on the wire). */
  public static final int INTERNAL = -32603;
  /** The agent core is not linked into this build, or not started. */
  public static final int AGENT_UNAVAILABLE = -32001;
  /** The vault is locked, or there is none. */
  public static final int VAULT_UNAVAILABLE = -32002;
  /** A feature that is not part of this build (the toolsmith, the MCP client). */
  public static final int NOT_AVAILABLE = -32003;
  /** The database could not be opened (in use by a running 'ironclaw4j serve', unreachable). */
  public static final int DATABASE_UNAVAILABLE = -32004;
  /** The agent refused the request: busy session, unknown session, bad model configuration. */
  public static final int AGENT_ERROR = -32005;
  /** A tool call was refused or failed in the pipeline. */
  public static final int TOOL_ERROR = -32006;
  /** Unknown session or turn. */
  public static final int NOT_FOUND = -32007;
  /** A message larger than the server accepts. */
  public static final int TOO_LARGE = -32010;

  private final int code;
  private final String reason;

  public ChannelException(int code, String reason, String message) {
    super(FAILURE, message, null);
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  /** A stable, machine-readable reason such as {@code vault-locked} or {@code agent-unavailable}. */
  public String reason() {
    return reason;
  }

  public static ChannelException invalid(String message) {
    return new ChannelException(INVALID_PARAMS, "invalid-params", message);
  }

  /** The one answer to chat requests while the agent core is not part of the build. */
  public static ChannelException agentUnavailable() {
    return new ChannelException(AGENT_UNAVAILABLE, "agent-unavailable", "agent core not available in this build:"
        + " chat needs the agent implementation, which this ironclaw4j does not include yet."
        + " Secret diagnostics, the vault, tools, audit and memory work without it.");
  }
}
