package dev.ironclaw4j.server.channels.lsp;

import com.google.gson.JsonElement;
import dev.ironclaw4j.server.channels.ChannelServices;
import java.util.List;

/**
 * The parameters and results of the {@code ironclaw/*} methods, as they travel in JSON (field names are
 * the wire names; see docs/protocol.md). Absent optional fields arrive as null.
 */
public final class LspMessages {
  private LspMessages() {}

  /** An empty object: {@code {}}. */
  public record Empty() {}

  public record ChatStartParams(String sessionId, String prompt) {}

  public record ChatStartResult(String sessionId, String turnId) {}

  public record ChatDelta(String turnId, String text) {}

  public record ChatToolCall(String turnId, String callId, String tool, String input) {}

  public record ChatToolResult(String turnId, String callId, String tool, boolean ok, String summary) {}

  public record ChatPlan(String turnId, List<String> steps) {}

  /** {@code status}: completed, cancelled, budget_exhausted, stuck, no_model or failed. */
  public record ChatDone(String turnId, String status, String text) {}

  public record ChatCancelParams(String turnId) {}

  /** Server to client: may a tool run? */
  public record ApprovalParams(String tool, String inputSummary, List<String> effects, String why, boolean mayRemember) {}

  /** {@code answer}: deny, allow_once or allow_session. */
  public record ApprovalAnswer(String answer) {}

  public record ToolsListResult(List<ChannelServices.ToolInfo> tools) {}

  /** {@code workDoneToken}: optional, as in LSP (a string or an integer) for progress on this call. */
  public record ToolsCallParams(String name, JsonElement input, JsonElement workDoneToken) {}

  public record ToolsCallResult(boolean ok, String output) {}

  public record ToolsBuildParams(String path, boolean install, JsonElement workDoneToken) {}

  public record ToolsBuildResult(String name, boolean installed, String message) {}

  public record SecretItem(String name, List<String> bindings, String lastUsed) {}

  public record VaultListResult(List<SecretItem> secrets) {}

  /** The value travels once, from the editor's password box, and is never echoed, logged or audited. */
  public record VaultSetParams(String name, String value, List<String> bind, String inject) {
    @Override
    public String toString() {
      return "VaultSetParams[name=" + name + ", value=(hidden), bind=" + bind + ", inject=" + inject + "]";
    }
  }

  public record AuditQueryParams(Integer limit, String tool) {}

  public record AuditQueryResult(List<ChannelServices.AuditEntry> records) {}

  public record MemorySearchParams(String query, Integer limit) {}

  public record MemorySearchResult(List<ChannelServices.MemoryHit> results) {}

  public record StatusResult(String version, String vault, boolean model, boolean agent, int tools, String database) {}

  /** Arguments of the {@code ironclaw.moveSecretToVault} command a quick fix carries. */
  public record MoveSecretArgs(String uri, int version, int startLine, int startCharacter, int endLine,
      int endCharacter, String type, String name) {}

  public record MoveSecretResult(String name, boolean moved) {}
}
