package dev.ironclaw4j.guard.tool;

import tools.jackson.databind.JsonNode;

/**
 * A tool: built-in, WASM or external MCP. Implementations do only their job; every check (input,
 * approval, rate limit, trifecta, output scanning, wrapping, audit) is done by {@link ToolInvoker}, the
 * only caller of {@link #execute}.
 */
public interface Tool {
  ToolSpec spec();

  /**
   * Runs the tool on input already validated against {@link ToolSpec#inputSchema()}. May be
   * interrupted when the deadline passes. Returns the raw output text; throw {@link ToolException} for
   * a failure the caller should see.
   */
  String execute(JsonNode input, ToolContext context) throws Exception;
}
