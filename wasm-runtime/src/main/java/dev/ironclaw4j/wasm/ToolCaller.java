package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolResult;

/**
 * How a WASM tool's {@code invoke_tool} reaches another tool: through the pipeline, always
 * ({@code ToolInvoker::call} is the implementation), so every nested call is validated, approved,
 * rate-limited, scanned and audited like any other.
 */
@FunctionalInterface
public interface ToolCaller {
  ToolResult call(String tool, String inputJson, ToolContext context);
}
