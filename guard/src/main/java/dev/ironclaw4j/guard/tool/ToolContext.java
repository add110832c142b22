package dev.ironclaw4j.guard.tool;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: the session, the channel (cli, lsp, acp, mcp, agent, routine) and the caller's
 * identity, plus the approver that can ask the human on that channel. An empty approver means an
 * autonomous context: every {@code ask} becomes a recorded denial.
 */
public record ToolContext(String sessionId, String channel, String caller, Optional<Approver> approver) {
  public ToolContext {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(approver, "approver");
  }
}
