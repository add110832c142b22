package dev.ironclaw4j.mcp.client;

/**
 * Mounting an external MCP server failed or was refused, with a stable reason code
 * ({@code unsandboxed}, {@code connect-failed}, {@code http-error}, {@code bad-config}, {@code changed},
 * ...) and a message that says what to do. Never carries a secret value.
 */
public final class McpClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public McpClientException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public McpClientException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
