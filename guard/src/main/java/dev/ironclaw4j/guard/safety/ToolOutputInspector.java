package dev.ironclaw4j.guard.safety;

import dev.ironclaw4j.guard.tool.ContentInspector;
import dev.ironclaw4j.guard.tool.ToolSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safety layer in the tool pipeline: inspects each tool's output as untrusted content of the
 * matching source (an MCP server's result is {@code mcp}, a network tool's untrusted output is
 * {@code web}, the rest {@code tool}) and fences it with the session's own {@link Wrapper}. A
 * {@code review} verdict becomes {@code block} here: the pipeline has already asked its human, and
 * content that needs a second look does not reach the model unseen.
 */
public final class ToolOutputInspector implements ContentInspector {
  /** Sessions whose wrappers are remembered; the oldest is forgotten first (its id is then renewed). */
  static final int MAX_SESSIONS = 10_000;

  private final SafetyLayer layer;
  private final Map<String, Wrapper> wrappers = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Wrapper> eldest) {
      return size() > MAX_SESSIONS;
    }
  };

  public ToolOutputInspector(SafetyLayer layer) {
    this.layer = layer;
  }

  @Override
  public Inspection inspect(String content, ToolSpec tool) {
    SafetyResult r = layer.inspect(content, provenance(tool));
    String verdict = r.verdict() == Verdict.REVIEW ? "block" : r.verdict().name().toLowerCase(java.util.Locale.ROOT);
    return new Inspection(verdict, r.content());
  }

  @Override
  public String wrap(String content, ToolSpec tool, String sessionId) {
    return wrapper(sessionId).wrap(content, provenance(tool));
  }

  /** The session's wrapper, whose id the system prompt announces to the model. */
  public synchronized Wrapper wrapper(String sessionId) {
    return wrappers.computeIfAbsent(sessionId, k -> Wrapper.create());
  }

  static Provenance provenance(ToolSpec tool) {
    Source source = tool.source().startsWith("mcp:") ? Source.MCP
        : tool.untrustedOutput() && tool.canExfiltrate() ? Source.WEB
        : Source.TOOL;
    return Provenance.ofTool(source, tool.name(), null);
  }
}
