package dev.ironclaw4j.guard.tool;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the pipeline remembers about one session: approvals granted "for this session" (bound to the
 * tool's capability digest at the time), and the two trifecta facts — has the session seen untrusted
 * content, and has it read private data. Lives only as long as the session; never persisted as a grant.
 */
public final class SessionState {
  private final Map<String, String> grants = new ConcurrentHashMap<>();
  private volatile boolean seenUntrusted;
  private volatile boolean readPrivate;

  /** Whether "always for this session" was granted for exactly this version of the tool. */
  boolean granted(ToolSpec tool) {
    return tool.capabilityDigest().equals(grants.get(tool.name()));
  }

  void grant(ToolSpec tool) {
    grants.put(tool.name(), tool.capabilityDigest());
  }

  public boolean seenUntrusted() {
    return seenUntrusted;
  }

  public boolean readPrivate() {
    return readPrivate;
  }

  /** Marks that untrusted content entered the session (a tool's output, a web page, an MCP result). */
  public void markUntrusted() {
    seenUntrusted = true;
  }

  /** Marks that private data entered the session. */
  public void markPrivate() {
    readPrivate = true;
  }
}
