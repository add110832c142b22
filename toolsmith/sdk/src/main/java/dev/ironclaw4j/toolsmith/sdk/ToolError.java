package dev.ironclaw4j.toolsmith.sdk;

/** An error the tool reports to its caller: the call returns {@code {"error": {"reason": "tool-error", "message": ...}}}. */
public class ToolError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ToolError(String message) {
    super(message);
  }
}
