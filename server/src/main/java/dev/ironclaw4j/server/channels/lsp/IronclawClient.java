package dev.ironclaw4j.server.channels.lsp;

import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalAnswer;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatDelta;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatDone;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatPlan;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatToolCall;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatToolResult;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.services.LanguageClient;

/** What {@code ironclaw4j lsp} sends to the editor besides standard LSP: chat events and approval questions. */
public interface IronclawClient extends LanguageClient {
  @JsonNotification(value = "ironclaw/chat/delta", useSegment = false)
  void chatDelta(ChatDelta params);

  @JsonNotification(value = "ironclaw/chat/toolCall", useSegment = false)
  void chatToolCall(ChatToolCall params);

  @JsonNotification(value = "ironclaw/chat/toolResult", useSegment = false)
  void chatToolResult(ChatToolResult params);

  @JsonNotification(value = "ironclaw/chat/plan", useSegment = false)
  void chatPlan(ChatPlan params);

  @JsonNotification(value = "ironclaw/chat/done", useSegment = false)
  void chatDone(ChatDone params);

  /** Asks the human whether a tool may run; no answer within the server's timeout is a denial. */
  @JsonRequest(value = "ironclaw/approvalRequest", useSegment = false)
  CompletableFuture<ApprovalAnswer> approvalRequest(ApprovalParams params);
}
