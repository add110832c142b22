package dev.ironclaw4j.guard.tool;

/**
 * The safety layer as the pipeline sees it: inspects untrusted output (normalize, detect injected
 * instructions, apply the policy) and fences it with the session's unforgeable marker.
 */
public interface ContentInspector {
  /** The verdict ({@code block}, {@code sanitize}, {@code warn}, {@code pass}) and what the model may see. */
  record Inspection(String verdict, String content) {}

  /** Inspects the output of a tool (its spec says where it comes from and whether it is untrusted). */
  Inspection inspect(String content, ToolSpec tool);

  /** Fences a tool's output for the model with the session's marker and the tool as provenance. */
  String wrap(String content, ToolSpec tool, String sessionId);
}
