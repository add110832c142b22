package dev.ironclaw4j.toolsmith.sdk;

/**
 * The host refused a request (an HTTP destination outside the tool's rules, an undeclared secret, a
 * path outside its workspace prefixes, a limit ...). {@link #reason()} is the runtime's reason code,
 * e.g. {@code host-not-allowed}.
 */
public final class HostException extends ToolError {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public HostException(String reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
