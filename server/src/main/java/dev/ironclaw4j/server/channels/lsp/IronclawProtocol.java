package dev.ironclaw4j.server.channels.lsp;

import dev.ironclaw4j.server.channels.lsp.LspMessages.AuditQueryParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.AuditQueryResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatCancelParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatStartParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatStartResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.Empty;
import dev.ironclaw4j.server.channels.lsp.LspMessages.MemorySearchParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.MemorySearchResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.StatusResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsBuildParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsBuildResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsCallParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsCallResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsListResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.VaultListResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.VaultSetParams;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * The {@code ironclaw/*} requests a client sends to {@code ironclaw4j lsp}, besides standard LSP. The
 * names are the wire names, documented with examples in docs/protocol.md; the VS Code extension uses
 * them as they are.
 */
public interface IronclawProtocol {
  @JsonRequest(value = "ironclaw/chat/start", useSegment = false)
  CompletableFuture<ChatStartResult> chatStart(ChatStartParams params);

  @JsonRequest(value = "ironclaw/chat/cancel", useSegment = false)
  CompletableFuture<Empty> chatCancel(ChatCancelParams params);

  @JsonRequest(value = "ironclaw/tools/list", useSegment = false)
  CompletableFuture<ToolsListResult> toolsList();

  @JsonRequest(value = "ironclaw/tools/call", useSegment = false)
  CompletableFuture<ToolsCallResult> toolsCall(ToolsCallParams params);

  @JsonRequest(value = "ironclaw/tools/build", useSegment = false)
  CompletableFuture<ToolsBuildResult> toolsBuild(ToolsBuildParams params);

  @JsonRequest(value = "ironclaw/vault/list", useSegment = false)
  CompletableFuture<VaultListResult> vaultList();

  @JsonRequest(value = "ironclaw/vault/set", useSegment = false)
  CompletableFuture<Empty> vaultSet(VaultSetParams params);

  @JsonRequest(value = "ironclaw/audit/query", useSegment = false)
  CompletableFuture<AuditQueryResult> auditQuery(AuditQueryParams params);

  @JsonRequest(value = "ironclaw/memory/search", useSegment = false)
  CompletableFuture<MemorySearchResult> memorySearch(MemorySearchParams params);

  @JsonRequest(value = "ironclaw/status", useSegment = false)
  CompletableFuture<StatusResult> status();
}
