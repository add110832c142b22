package dev.ironclaw4j.server.channels.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.Version;
import dev.ironclaw4j.server.agent.Conversations;
import dev.ironclaw4j.server.agent.SessionInfo;
import dev.ironclaw4j.server.agent.Turn;
import dev.ironclaw4j.server.agent.TurnListener;
import dev.ironclaw4j.server.agent.TurnResult;
import dev.ironclaw4j.server.channels.ChannelException;
import dev.ironclaw4j.server.channels.ChannelServices;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalAnswer;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.AuditQueryParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.AuditQueryResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatCancelParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatDelta;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatDone;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatPlan;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatStartParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatStartResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatToolCall;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatToolResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.Empty;
import dev.ironclaw4j.server.channels.lsp.LspMessages.MemorySearchParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.MemorySearchResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.MoveSecretArgs;
import dev.ironclaw4j.server.channels.lsp.LspMessages.MoveSecretResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.SecretItem;
import dev.ironclaw4j.server.channels.lsp.LspMessages.StatusResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsBuildParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsBuildResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsCallParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsCallResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsListResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.VaultListResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.VaultSetParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionDisabled;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SetTraceParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * {@code ironclaw4j lsp}: secret diagnostics with a "move to vault" quick fix for any LSP editor, and the
 * {@code ironclaw/*} methods (chat, approvals, tools, vault, audit, memory, status) for editors that
 * speak them. Chat goes through the one {@link Conversations} core and tool calls through the one tool
 * pipeline, with this connection's approver: no weaker path than the CLI's.
 *
 * <p>Handlers never block lsp4j's reader thread: anything that waits (the database, the agent, the
 * client's answers) runs on a virtual thread, so an approval question can be answered while a tool call
 * waits for it.
 */
public final class LspServer implements LanguageServer, IronclawProtocol {
  private static final Logger LOG = Logger.getLogger(LspServer.class.getName());
  /** The command a "Move secret to vault" quick fix runs. */
  public static final String MOVE_COMMAND = "ironclaw.moveSecretToVault";
  /** Longest chat prompt accepted, in characters. */
  public static final int MAX_PROMPT_CHARS = 200_000;
  static final String CHANNEL = "lsp";
  private static final Gson GSON = new Gson();

  private final ChannelServices services;
  private final Optional<Conversations> agent;
  private volatile LspOptions options;
  private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer;
  private final SecretDiagnostics diagnostics;
  private final String toolSession = "lsp-" + UUID.randomUUID().toString().substring(0, 8);
  private final TextDocs textDocs = new TextDocs();
  private final Workspace workspace = new Workspace();
  private final Map<String, Turn> turns = new ConcurrentHashMap<>();
  private final Map<String, TurnGate> gates = new ConcurrentHashMap<>();
  private final Set<String> finished = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<String, Boolean>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
          return size() > 1000;
        }
      }));
  private final Approver approver = this::ask;
  private volatile IronclawClient client;
  private volatile Runnable onExit = () -> {};
  private volatile ClientCapabilities caps = new ClientCapabilities();
  private volatile boolean approvalsByRequest;
  private volatile boolean shutdown;

  public LspServer(ChannelServices services, Optional<Conversations> agent, LspOptions options) {
    this.services = services;
    this.agent = agent;
    this.options = options;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ironclaw4j-lsp-diagnostics");
      t.setDaemon(true);
      return t;
    });
    this.diagnostics = new SecretDiagnostics(timer, services.leaks(), p -> {
      IronclawClient c = client;
      if (c != null) {
        c.publishDiagnostics(p);
      }
    }, options.maxDocumentChars(), options.debounce());
  }

  /** Called once by the connection: the client proxy and what to do on {@code exit}. */
  void connect(IronclawClient client, Runnable onExit) {
    this.client = client;
    this.onExit = onExit;
  }

  LspOptions options() {
    return options;
  }

  /**
   * Wraps the outgoing message stream: once the answer to {@code ironclaw/chat/start} is written, the
   * turn's buffered events follow it, so a client always learns the turn id before its first delta.
   */
  MessageConsumer ordered(MessageConsumer out) {
    return message -> {
      out.consume(message);
      if (message instanceof ResponseMessage r && r.getResult() instanceof ChatStartResult s) {
        TurnGate g = gates.remove(s.turnId());
        if (g != null) {
          g.open();
        }
      }
    };
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    if (params.getCapabilities() != null) {
      caps = params.getCapabilities();
    }
    approvalsByRequest = experimentalFlag(caps.getExperimental(), "approvalRequest");
    if (params.getInitializationOptions() instanceof JsonObject o) {
      applySettings(o);
      if (o.has("approvals") && o.get("approvals").isJsonPrimitive()) {
        approvalsByRequest = o.get("approvals").getAsString().equals("request");
      }
    }
    ServerCapabilities sc = new ServerCapabilities();
    TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
    sync.setOpenClose(true);
    sync.setChange(TextDocumentSyncKind.Full);
    sc.setTextDocumentSync(sync);
    sc.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
    sc.setExecuteCommandProvider(new ExecuteCommandOptions(List.of(MOVE_COMMAND)));
    if (caps.getGeneral() != null && caps.getGeneral().getPositionEncodings() != null) {
      sc.setPositionEncoding("utf-16"); // the only one spoken here; LSP's default and mandatory one
    }
    JsonObject ironclaw = new JsonObject();
    ironclaw.addProperty("protocolVersion", 1);
    ironclaw.addProperty("chat", agent.isPresent());
    ironclaw.addProperty("toolsBuild", services.canBuildTools());
    ironclaw.addProperty("approvals", approvalsByRequest ? "ironclaw/approvalRequest" : "window/showMessageRequest");
    JsonObject experimental = new JsonObject();
    experimental.add("ironclaw", ironclaw);
    sc.setExperimental(experimental);
    return CompletableFuture.completedFuture(new InitializeResult(sc, new ServerInfo("ironclaw4j", Version.get())));
  }

  @Override
  public void initialized() {
    IronclawClient c = client;
    services.unavailableReason().ifPresent(why -> {
      if (c != null) {
        c.showMessage(new MessageParams(MessageType.Warning, "ironclaw4j: " + why
            + ". Secret diagnostics work on patterns; chat, the vault, tools, audit and memory are unavailable."));
      }
    });
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    shutdown = true;
    turns.values().forEach(Turn::cancel);
    services.endSession(toolSession);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    close();
    onExit.run();
  }

  boolean wasShutDown() {
    return shutdown;
  }

  /** Stops background work (scans, turns); the connection is closed by its owner. */
  void close() {
    turns.values().forEach(Turn::cancel);
    timer.shutdownNow();
    work.shutdownNow();
  }

  @Override
  public void setTrace(SetTraceParams params) {
    // no protocol tracing: messages may carry secret values (vault/set) and are never logged
  }

  @Override
  public void cancelProgress(WorkDoneProgressCancelParams params) {
    // progress is announced as not cancellable
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return textDocs;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspace;
  }

  private void applySettings(JsonObject o) {
    LspOptions opt = options;
    if (o.has("maxDocumentChars") && o.get("maxDocumentChars").isJsonPrimitive()) {
      opt = opt.withMaxDocumentChars(Math.max(1, Math.min(o.get("maxDocumentChars").getAsInt(), 50 * 1024 * 1024)));
    }
    if (o.has("debounceMs") && o.get("debounceMs").isJsonPrimitive()) {
      opt = opt.withDebounce(Duration.ofMillis(Math.max(0, Math.min(o.get("debounceMs").getAsLong(), 10_000))));
    }
    if (o.has("approvalTimeoutSeconds") && o.get("approvalTimeoutSeconds").isJsonPrimitive()) {
      opt = opt.withApprovalTimeout(Duration.ofSeconds(Math.max(1, Math.min(o.get("approvalTimeoutSeconds").getAsLong(), 3600))));
    }
    if (o.has("snippets") && o.get("snippets").isJsonObject()) {
      Map<String, String> s = new HashMap<>(opt.snippets());
      for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("snippets").entrySet()) {
        if (e.getValue().isJsonPrimitive() && e.getValue().getAsString().contains("{name}")) {
          s.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().getAsString());
        }
      }
      opt = opt.withSnippets(s);
    }
    options = opt;
    diagnostics.limits(opt.maxDocumentChars(), opt.debounce());
  }

  private static boolean experimentalFlag(Object experimental, String name) {
    if (experimental instanceof JsonObject o && o.get("ironclaw") instanceof JsonObject i) {
      JsonElement v = i.get(name);
      return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && v.getAsBoolean();
    }
    return false;
  }

  // ---- approvals ---------------------------------------------------------------------------------

  /**
   * Asks the human: with {@code ironclaw/approvalRequest} when the client declared it, else with
   * {@code window/showMessageRequest}. No answer in time, an error or a dismissed question is a denial.
   */
  Approver.Answer ask(Approver.Request r) {
    IronclawClient c = client;
    if (c == null || shutdown) {
      return Approver.Answer.DENY;
    }
    List<String> effects = r.effects().stream().map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().toList();
    long timeout = options.approvalTimeout().toMillis();
    if (approvalsByRequest) {
      CompletableFuture<ApprovalAnswer> f = c.approvalRequest(
          new ApprovalParams(r.tool(), r.inputSummary(), effects, r.why(), r.mayRemember()));
      ApprovalAnswer a = await(f, timeout, "ironclaw/approvalRequest for " + r.tool());
      return a == null ? Approver.Answer.DENY : answer(a.answer(), r.mayRemember());
    }
    ShowMessageRequestParams p = new ShowMessageRequestParams();
    p.setType(r.effects().contains(Effect.DESTRUCTIVE) ? MessageType.Warning : MessageType.Info);
    p.setMessage("ironclaw4j wants to run " + r.tool() + " (" + r.why() + "). Effects: "
        + (effects.isEmpty() ? "none" : String.join(", ", effects)) + ". Input: " + r.inputSummary());
    List<MessageActionItem> actions = new ArrayList<>();
    actions.add(new MessageActionItem("Allow once"));
    if (r.mayRemember()) {
      actions.add(new MessageActionItem("Allow for this session"));
    }
    actions.add(new MessageActionItem("Deny"));
    p.setActions(actions);
    MessageActionItem chosen = await(c.showMessageRequest(p), timeout, "approval question for " + r.tool());
    if (chosen == null || chosen.getTitle() == null) {
      return Approver.Answer.DENY;
    }
    return switch (chosen.getTitle()) {
      case "Allow once" -> Approver.Answer.ALLOW_ONCE;
      case "Allow for this session" -> r.mayRemember() ? Approver.Answer.ALLOW_FOR_SESSION : Approver.Answer.ALLOW_ONCE;
      default -> Approver.Answer.DENY;
    };
  }

  static Approver.Answer answer(String a, boolean mayRemember) {
    if (a == null) {
      return Approver.Answer.DENY;
    }
    return switch (a) {
      case "allow_once" -> Approver.Answer.ALLOW_ONCE;
      case "allow_session" -> mayRemember ? Approver.Answer.ALLOW_FOR_SESSION : Approver.Answer.ALLOW_ONCE;
      default -> Approver.Answer.DENY;
    };
  }

  private static <T> T await(CompletableFuture<T> f, long millis, String what) {
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true); // lsp4j sends $/cancelRequest
      LOG.log(Level.INFO, what + ": no answer within " + millis + " ms; denied");
      return null;
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | RuntimeException e) {
      LOG.log(Level.INFO, what + " failed (" + LspErrors.unwrap(e).getClass().getSimpleName() + "); denied");
      return null;
    }
  }

  // ---- chat --------------------------------------------------------------------------------------

  @Override
  public CompletableFuture<ChatStartResult> chatStart(ChatStartParams p) {
    services.requireAvailable();
    Conversations conv = agent.orElseThrow(ChannelException::agentUnavailable);
    if (p == null || p.prompt() == null || p.prompt().isBlank()) {
      throw ChannelException.invalid("prompt is required");
    }
    if (p.prompt().length() > MAX_PROMPT_CHARS) {
      throw new ChannelException(ChannelException.TOO_LARGE, "too-large",
          "the prompt has " + p.prompt().length() + " characters; the limit is " + MAX_PROMPT_CHARS);
    }
    return async(() -> {
      SessionInfo session = conv.open(CHANNEL, options.caller(), Optional.ofNullable(p.sessionId()).filter(s -> !s.isBlank()));
      AtomicReference<String> turnId = new AtomicReference<>();
      TurnGate gate = new TurnGate();
      TurnListener listener = new TurnListener() {
        @Override
        public void delta(String text) {
          gate.send(() -> client.chatDelta(new ChatDelta(turnId.get(), text)));
        }

        @Override
        public void toolCall(String callId, String tool, String inputSummary) {
          gate.send(() -> client.chatToolCall(new ChatToolCall(turnId.get(), callId, tool, inputSummary)));
        }

        @Override
        public void toolResult(String callId, String tool, boolean ok, String summary) {
          gate.send(() -> client.chatToolResult(new ChatToolResult(turnId.get(), callId, tool, ok, summary)));
        }

        @Override
        public void plan(List<String> steps) {
          gate.send(() -> client.chatPlan(new ChatPlan(turnId.get(), List.copyOf(steps))));
        }
      };
      Turn turn = conv.prompt(session.id(), p.prompt(), listener, approver);
      turnId.set(turn.id());
      gates.put(turn.id(), gate);
      turns.put(turn.id(), turn);
      turn.result().whenComplete((r, e) -> {
        TurnResult res = r != null ? r : new TurnResult(TurnResult.Status.FAILED, "the turn failed", 0, 0);
        gate.send(() -> client.chatDone(new ChatDone(turn.id(), res.status().name().toLowerCase(Locale.ROOT), res.text())));
        finished.add(turn.id());
        turns.remove(turn.id());
      });
      return new ChatStartResult(session.id(), turn.id());
    });
  }

  @Override
  public CompletableFuture<Empty> chatCancel(ChatCancelParams p) {
    if (p == null || p.turnId() == null) {
      throw ChannelException.invalid("turnId is required");
    }
    Turn t = turns.get(p.turnId());
    if (t != null) {
      t.cancel();
    } else if (!finished.contains(p.turnId())) {
      throw new ChannelException(ChannelException.NOT_FOUND, "unknown-turn", "no turn " + p.turnId() + " on this connection");
    }
    return CompletableFuture.completedFuture(new Empty());
  }

  /** Holds a turn's events until the answer naming the turn is on the wire, then passes them on in order. */
  static final class TurnGate {
    private final List<Runnable> queued = new ArrayList<>();
    private boolean open;

    synchronized void send(Runnable event) {
      if (open) {
        run(event);
      } else {
        queued.add(event);
      }
    }

    synchronized void open() {
      if (!open) {
        open = true;
        queued.forEach(TurnGate::run);
        queued.clear();
      }
    }

    private static void run(Runnable r) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "could not send a chat event: " + e.getMessage());
      }
    }
  }

  // ---- tools, vault, audit, memory, status ---------------------------------------------------------

  @Override
  public CompletableFuture<ToolsListResult> toolsList() {
    return async(() -> new ToolsListResult(services.tools()));
  }

  @Override
  public CompletableFuture<ToolsCallResult> toolsCall(ToolsCallParams p) {
    if (p == null || p.name() == null || p.name().isBlank()) {
      throw ChannelException.invalid("name is required");
    }
    String input = p.input() == null || p.input().isJsonNull() ? "{}" : p.input().toString();
    return async(() -> {
      try (WorkDone progress = WorkDone.begin(client, clientCreatesProgress(), p.workDoneToken(), "ironclaw4j: " + p.name(),
          Duration.ofSeconds(5))) {
        ChannelServices.CallOutcome o = services.callTool(p.name(), input, toolSession, CHANNEL, options.caller(), approver);
        progress.end(o.ok() ? "done" : "refused: " + o.reason());
        return new ToolsCallResult(o.ok(), o.output());
      }
    });
  }

  @Override
  public CompletableFuture<ToolsBuildResult> toolsBuild(ToolsBuildParams p) {
    return async(() -> {
      try (WorkDone progress = WorkDone.begin(client, clientCreatesProgress(), p == null ? null : p.workDoneToken(),
          "ironclaw4j: building a tool", Duration.ofSeconds(5))) {
        var built = services.buildTool(p == null ? null : p.path(), p != null && p.install(), approver, progress::report);
        progress.end(built.installed() ? "installed " + built.name() : "built " + built.name());
        return new ToolsBuildResult(built.name(), built.installed(), built.summary());
      }
    });
  }

  private boolean clientCreatesProgress() {
    return caps.getWindow() != null && Boolean.TRUE.equals(caps.getWindow().getWorkDoneProgress());
  }

  @Override
  public CompletableFuture<VaultListResult> vaultList() {
    return async(() -> new VaultListResult(services.secrets().stream()
        .map(s -> new SecretItem(s.name(), s.bindings(), s.lastUsed())).toList()));
  }

  @Override
  public CompletableFuture<Empty> vaultSet(VaultSetParams p) {
    if (p == null || p.name() == null || p.value() == null) {
      throw ChannelException.invalid("name and value are required");
    }
    char[] value = p.value().toCharArray();
    return async(() -> {
      services.setSecret(p.name(), value, p.bind(), p.inject(), CHANNEL);
      diagnostics.rescanAll(); // the new value is now a known secret in every open document
      return new Empty();
    });
  }

  @Override
  public CompletableFuture<AuditQueryResult> auditQuery(AuditQueryParams p) {
    int limit = p == null || p.limit() == null ? 50 : p.limit();
    String tool = p == null ? null : p.tool();
    return async(() -> new AuditQueryResult(services.audit(limit, tool)));
  }

  @Override
  public CompletableFuture<MemorySearchResult> memorySearch(MemorySearchParams p) {
    if (p == null || p.query() == null || p.query().isBlank()) {
      throw ChannelException.invalid("query is required");
    }
    int limit = p.limit() == null ? 10 : p.limit();
    return async(() -> new MemorySearchResult(services.searchMemory(p.query(), limit)));
  }

  @Override
  public CompletableFuture<StatusResult> status() {
    return async(() -> {
      ChannelServices.Status s = services.status();
      return new StatusResult(s.version(), s.vault(), s.model(), s.agent(), s.tools(), s.database());
    });
  }

  private <T> CompletableFuture<T> async(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, work);
  }

  // ---- the quick fix -------------------------------------------------------------------------------

  List<Either<Command, CodeAction>> codeActions(CodeActionParams params) {
    if (params.getContext() != null && params.getContext().getOnly() != null
        && params.getContext().getOnly().stream().noneMatch(k -> CodeActionKind.QuickFix.startsWith(k))) {
      return List.of();
    }
    String uri = params.getTextDocument().getUri();
    SecretDiagnostics.Doc d = diagnostics.doc(uri);
    SecretDiagnostics.Scan s = diagnostics.current(uri);
    if (d == null || s == null || s.skipped()) {
      return List.of();
    }
    LineIndex lines = new LineIndex(d.text());
    int from = lines.offset(params.getRange().getStart());
    int to = lines.offset(params.getRange().getEnd());
    String vault = services.vaultState();
    boolean disabledSupport = caps.getTextDocument() != null && caps.getTextDocument().getCodeAction() != null
        && Boolean.TRUE.equals(caps.getTextDocument().getCodeAction().getDisabledSupport());
    List<Either<Command, CodeAction>> out = new ArrayList<>();
    for (Finding f : s.findings()) {
      if (f.end() < from || f.start() > to) {
        continue;
      }
      Diagnostic diag = SecretDiagnostics.diagnostic(f, lines);
      Range range = diag.getRange();
      if (f.secretName() != null) {
        SecretFix.Replacement rep = SecretFix.replacement(d.text(), f.start(), f.end(), d.languageId(), f.secretName(),
            options.snippets());
        CodeAction a = new CodeAction("Replace with a reference to vault secret " + f.secretName());
        a.setKind(CodeActionKind.QuickFix);
        a.setDiagnostics(List.of(diag));
        a.setEdit(edit(d, lines, rep));
        a.setIsPreferred(true);
        out.add(Either.forRight(a));
        continue;
      }
      String name = SecretFix.suggestName(d.text(), f.start(), f.type(), services::hasSecret);
      MoveSecretArgs args = new MoveSecretArgs(uri, d.version(), range.getStart().getLine(), range.getStart().getCharacter(),
          range.getEnd().getLine(), range.getEnd().getCharacter(), f.type(), name);
      CodeAction a = new CodeAction("Move secret to vault as " + name);
      a.setKind(CodeActionKind.QuickFix);
      a.setDiagnostics(List.of(diag));
      a.setIsPreferred(true);
      a.setCommand(new Command("Move secret to vault as " + name, MOVE_COMMAND, List.of(GSON.toJsonTree(args))));
      if (!vault.equals("unlocked")) {
        if (!disabledSupport) {
          continue; // offering it would only fail; the diagnostic says what to do
        }
        a.setDisabled(new CodeActionDisabled(vault.equals("absent")
            ? "there is no vault yet: run 'ironclaw4j vault init'"
            : "the vault is locked: start ironclaw4j with IRONCLAW4J_VAULT_PASSPHRASE or a key file"));
      }
      out.add(Either.forRight(a));
    }
    return out;
  }

  /**
   * Stores the secret under the quick fix's range in the vault and asks the editor to replace it with
   * the environment-variable reference. If the editor refuses the edit, the new secret is removed again.
   */
  MoveSecretResult moveSecret(MoveSecretArgs args) {
    if (args == null || args.uri() == null) {
      throw ChannelException.invalid("the command needs {uri, version, range, type, name}");
    }
    SecretDiagnostics.Doc d = diagnostics.doc(args.uri());
    SecretDiagnostics.Scan s = diagnostics.current(args.uri());
    if (d == null || s == null) {
      throw new ChannelException(ChannelException.NOT_FOUND, "not-open", "the document is not open in the editor");
    }
    LineIndex lines = new LineIndex(d.text());
    int start = lines.offset(new Position(args.startLine(), args.startCharacter()));
    int end = lines.offset(new Position(args.endLine(), args.endCharacter()));
    Finding f = null;
    for (Finding x : s.findings()) {
      boolean exact = x.start() == start && x.end() == end;
      boolean overlaps = x.start() < Math.max(end, start + 1) && x.end() > start && x.type().equals(args.type());
      if (exact || (d.version() != args.version() && overlaps)) {
        f = x;
        break;
      }
    }
    if (f == null) {
      throw new ChannelException(ChannelException.NOT_FOUND, "moved",
          "there is no longer a secret at that place (the document changed); run the quick fix again");
    }
    boolean stored = false;
    String name;
    if (f.secretName() != null) {
      name = f.secretName();
    } else {
      String wanted = args.name() != null && Vault.NAME.matcher(args.name()).matches()
          ? args.name() : SecretFix.suggestName(d.text(), f.start(), f.type(), n -> false);
      name = SecretFix.unique(wanted, services::hasSecret);
      char[] value = new char[f.end() - f.start()];
      d.text().getChars(f.start(), f.end(), value, 0);
      services.setSecret(name, value, List.of(), null, CHANNEL);
      stored = true;
    }
    SecretFix.Replacement rep = SecretFix.replacement(d.text(), f.start(), f.end(), d.languageId(), name, options.snippets());
    IronclawClient c = client;
    ApplyWorkspaceEditResponse applied;
    try {
      applied = c.applyEdit(new ApplyWorkspaceEditParams(edit(d, lines, rep), "Move secret to vault"))
          .get(options.editTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ChannelException(ChannelException.INTERNAL, "edit-timeout", "stored " + name
          + " in the vault, but the editor did not answer the edit in time: replace the literal yourself");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(ChannelException.INTERNAL, "interrupted", "interrupted");
    } catch (ExecutionException e) {
      applied = new ApplyWorkspaceEditResponse(false);
      applied.setFailureReason("the editor answered with an error");
    }
    if (applied == null || !applied.isApplied()) {
      if (stored) {
        services.removeSecret(name, CHANNEL);
      }
      String why = applied != null && applied.getFailureReason() != null ? " (" + applied.getFailureReason() + ")" : "";
      throw new ChannelException(ChannelException.INTERNAL, "edit-refused",
          "the editor did not apply the edit" + why + "; nothing was stored in the vault");
    }
    diagnostics.rescanAll();
    if (stored) {
      c.showMessage(new MessageParams(MessageType.Info, "ironclaw4j: stored " + name + " in the vault and replaced the literal"
          + " with a reference to the environment variable " + name + ". Give the program " + name
          + " in its environment; to let ironclaw4j's tools send it, run 'ironclaw4j secret bind " + name
          + " --bind URL --inject bearer'. If the value was ever committed, rotate it."));
    }
    return new MoveSecretResult(name, stored);
  }

  private WorkspaceEdit edit(SecretDiagnostics.Doc d, LineIndex lines, SecretFix.Replacement rep) {
    TextEdit te = new TextEdit(new Range(lines.position(rep.start()), lines.position(rep.end())), rep.text());
    boolean documentChanges = caps.getWorkspace() != null && caps.getWorkspace().getWorkspaceEdit() != null
        && Boolean.TRUE.equals(caps.getWorkspace().getWorkspaceEdit().getDocumentChanges());
    if (documentChanges) {
      TextDocumentEdit tde = new TextDocumentEdit(new VersionedTextDocumentIdentifier(d.uri(), d.version()),
          List.of(Either.forLeft(te)));
      return new WorkspaceEdit(List.of(Either.forLeft(tde)));
    }
    return new WorkspaceEdit(Map.of(d.uri(), List.of(te)));
  }

  // ---- text documents and workspace ------------------------------------------------------------------

  private final class TextDocs implements TextDocumentService {
    @Override
    public void didOpen(DidOpenTextDocumentParams p) {
      diagnostics.open(p.getTextDocument().getUri(), p.getTextDocument().getLanguageId(), p.getTextDocument().getVersion(),
          p.getTextDocument().getText());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams p) {
      diagnostics.change(p.getTextDocument().getUri(), p.getTextDocument().getVersion(), p.getContentChanges());
    }

    @Override
    public void didClose(DidCloseTextDocumentParams p) {
      diagnostics.close(p.getTextDocument().getUri());
    }

    @Override
    public void didSave(DidSaveTextDocumentParams p) {
      // the text arrives with didChange
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
      return async(() -> codeActions(params));
    }
  }

  private final class Workspace implements WorkspaceService {
    @Override
    public CompletableFuture<Object> executeCommand(ExecuteCommandParams p) {
      if (!MOVE_COMMAND.equals(p.getCommand())) {
        throw ChannelException.invalid("unknown command " + p.getCommand());
      }
      if (p.getArguments() == null || p.getArguments().isEmpty() || !(p.getArguments().getFirst() instanceof JsonElement arg)) {
        throw ChannelException.invalid("the command needs its arguments object");
      }
      MoveSecretArgs args;
      try {
        args = GSON.fromJson(arg, MoveSecretArgs.class);
      } catch (RuntimeException e) {
        throw ChannelException.invalid("the command's arguments do not have the documented shape");
      }
      return async(() -> moveSecret(args));
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams p) {
      if (p.getSettings() instanceof JsonObject o) {
        JsonObject settings = o.get("ironclaw") instanceof JsonObject i ? i : o;
        applySettings(settings);
      }
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams p) {
      // files are scanned as the editor opens them
    }
  }
}
