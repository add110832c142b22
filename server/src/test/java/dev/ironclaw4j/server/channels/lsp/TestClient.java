package dev.ironclaw4j.server.channels.lsp;

import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalAnswer;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatDelta;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatDone;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatPlan;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatToolCall;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;

/** The editor's side in the LSP tests: records what the server sends and answers its requests as told. */
final class TestClient implements IronclawClient {
  final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  final Map<String, CompletableFuture<ChatDone>> done = new ConcurrentHashMap<>();
  final BlockingQueue<ApplyWorkspaceEditParams> edits = new LinkedBlockingQueue<>();
  final BlockingQueue<ApprovalParams> approvals = new LinkedBlockingQueue<>();
  final BlockingQueue<ShowMessageRequestParams> questions = new LinkedBlockingQueue<>();
  final List<MessageParams> messages = new CopyOnWriteArrayList<>();
  final List<String> progress = new CopyOnWriteArrayList<>();
  volatile boolean applyEdits = true;
  volatile Function<ApprovalParams, CompletableFuture<ApprovalAnswer>> approve =
      p -> CompletableFuture.completedFuture(new ApprovalAnswer("allow_once"));
  volatile Function<ShowMessageRequestParams, CompletableFuture<MessageActionItem>> question =
      p -> CompletableFuture.completedFuture(new MessageActionItem("Allow once"));

  PublishDiagnosticsParams nextDiagnostics(String uri) throws InterruptedException {
    while (true) {
      PublishDiagnosticsParams p = diagnostics.poll(20, TimeUnit.SECONDS);
      if (p == null) {
        throw new AssertionError("no diagnostics for " + uri);
      }
      if (p.getUri().equals(uri)) {
        return p;
      }
    }
  }

  CompletableFuture<ChatDone> done(String turnId) {
    return done.computeIfAbsent(turnId, k -> new CompletableFuture<>());
  }

  @Override
  public void chatDelta(ChatDelta p) {
    events.add("delta:" + p.turnId() + ":" + p.text());
  }

  @Override
  public void chatToolCall(ChatToolCall p) {
    events.add("toolCall:" + p.turnId() + ":" + p.tool());
  }

  @Override
  public void chatToolResult(ChatToolResult p) {
    events.add("toolResult:" + p.turnId() + ":" + p.tool() + ":" + p.ok());
  }

  @Override
  public void chatPlan(ChatPlan p) {
    events.add("plan:" + p.turnId() + ":" + p.steps());
  }

  @Override
  public void chatDone(ChatDone p) {
    events.add("done:" + p.turnId() + ":" + p.status());
    done(p.turnId()).complete(p);
  }

  @Override
  public CompletableFuture<ApprovalAnswer> approvalRequest(ApprovalParams p) {
    approvals.add(p);
    events.add("approval:" + p.tool());
    return approve.apply(p);
  }

  @Override
  public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams p) {
    edits.add(p);
    ApplyWorkspaceEditResponse r = new ApplyWorkspaceEditResponse(applyEdits);
    if (!applyEdits) {
      r.setFailureReason("the user said no");
    }
    return CompletableFuture.completedFuture(r);
  }

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams p) {
    progress.add("create:" + p.getToken().get());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void notifyProgress(ProgressParams p) {
    progress.add(p.getValue().getLeft().getKind() + ":" + p.getToken().get());
  }

  @Override
  public void telemetryEvent(Object object) {}

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams p) {
    diagnostics.add(p);
  }

  @Override
  public void showMessage(MessageParams p) {
    messages.add(p);
  }

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams p) {
    questions.add(p);
    return question.apply(p);
  }

  @Override
  public void logMessage(MessageParams p) {
    messages.add(p);
  }
}
