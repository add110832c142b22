package dev.ironclaw4j.guard.tool;

/**
 * The safety layer as the pipeline sees it: inspects untrusted output (normalize, detect injected
 * instructions, apply the policy) and fences it with the session's unforgeable marker.
 */
public interface ContentInspector {
  /** The verdict ({@code block}, {@code sanitize}, {@code warn}, {@code pass}) and what the model may see. */
  record Inspection(String verdict, String content) {}

  /** Inspects content from a source such as {@code tool:http_request} or {@code mcp:github}. */
  Inspection inspect(String content, String source);

  /** Fences content for the model with the session's marker and its provenance. */
  String wrap(String content, String provenance, String sessionId);
}
