package dev.ironclaw4j.server.channels.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.guard.vault.SecretValue;
import dev.ironclaw4j.server.channels.ChannelException;
import dev.ironclaw4j.server.channels.ChannelFixture;
import dev.ironclaw4j.server.channels.ChannelFixture.VaultState;
import dev.ironclaw4j.server.channels.ChannelServices;
import dev.ironclaw4j.server.channels.TestConversations;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ApprovalAnswer;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatCancelParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatDone;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatStartParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ChatStartResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsCallParams;
import dev.ironclaw4j.server.channels.lsp.LspMessages.ToolsCallResult;
import dev.ironclaw4j.server.channels.lsp.LspMessages.VaultSetParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ironclaw4j lsp}'s server driven by a real lsp4j client over OS pipes, on a real H2 database
 * and a real vault: secret diagnostics and the move-to-vault quick fix, chat streaming, approvals both
 * ways, tools through the pipeline, vault and audit views, and input that must not kill the server.
 */
class LspServerTest {
  static final String KEY = "AKIAZ3MXQ7RT2VBN4KLP";
  static final String JAVA = "class A {\n  String awsKey = \"" + KEY + "\";\n}\n";
  static final String URI = "file:///work/A.java";

  @TempDir Path tmp;
  ChannelFixture fx;
  LspHarness h;
  final TestConversations conversations = new TestConversations();

  LspOptions options() {
    return LspOptions.defaults().withDebounce(Duration.ofMillis(20)).withApprovalTimeout(Duration.ofSeconds(20));
  }

  LspHarness start(VaultState vault, boolean approvals, LspOptions options, String... rules) throws Exception {
    fx = new ChannelFixture(tmp, vault, false, rules);
    h = new LspHarness(fx.services, Optional.of(conversations), options);
    h.initialize(approvals, null);
    return h;
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  static ResponseError error(CompletableFuture<?> f) throws Exception {
    try {
      f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ResponseErrorException r) {
        return r.getResponseError();
      }
      throw e;
    }
    throw new AssertionError("expected an error answer");
  }

  @Test
  void capabilitiesSayWhatTheServerDoes() throws Exception {
    fx = new ChannelFixture(tmp, VaultState.UNLOCKED, false);
    h = new LspHarness(fx.services, Optional.empty(), options());
    InitializeResult r = h.initialize(true, null);
    assertEquals("ironclaw4j", r.getServerInfo().getName());
    assertEquals(org.eclipse.lsp4j.TextDocumentSyncKind.Full, r.getCapabilities().getTextDocumentSync().getRight().getChange());
    assertTrue(r.getCapabilities().getExecuteCommandProvider().getCommands().contains(LspServer.MOVE_COMMAND));
    assertEquals(List.of("quickfix"), r.getCapabilities().getCodeActionProvider().getRight().getCodeActionKinds());
    assertNull(r.getCapabilities().getCompletionProvider(), "no completion: not offered, not claimed");
    JsonObject ironclaw = ((JsonObject) r.getCapabilities().getExperimental()).getAsJsonObject("ironclaw");
    assertFalse(ironclaw.get("chat").getAsBoolean(), "no agent core in this server");
    assertEquals("ironclaw/approvalRequest", ironclaw.get("approvals").getAsString());
  }

  static void assertNull(Object o, String message) {
    assertTrue(o == null, message);
  }

  @Test
  void fakeAwsKeyGetsADiagnosticAndTheQuickFixMovesItIntoTheVault() throws Exception {
    start(VaultState.UNLOCKED, true, options());
    h.open(URI, "java", 1, JAVA);
    PublishDiagnosticsParams p = h.client.nextDiagnostics(URI);
    assertEquals(1, p.getDiagnostics().size(), p.toString());
    Diagnostic d = p.getDiagnostics().getFirst();
    int col = JAVA.lines().toList().get(1).indexOf(KEY);
    assertEquals(new Range(new Position(1, col), new Position(1, col + KEY.length())), d.getRange());
    assertEquals("aws_access_key_id", d.getCode().getLeft());
    assertEquals("ironclaw4j", d.getSource());
    assertEquals(DiagnosticSeverity.Error, d.getSeverity(), "the detector blocks AWS key ids");
    assertFalse(d.getMessage().getLeft().contains(KEY), "never the value");

    List<Either<Command, CodeAction>> actions = get(h.remote.getTextDocumentService().codeAction(
        new CodeActionParams(new TextDocumentIdentifier(URI), d.getRange(), new CodeActionContext(List.of(d)))));
    assertEquals(1, actions.size());
    CodeAction a = actions.getFirst().getRight();
    assertEquals("Move secret to vault as AWS_KEY", a.getTitle());
    assertEquals("quickfix", a.getKind());
    assertNull(a.getDisabled(), "enabled: the vault is unlocked");

    Object result = get(h.remote.getWorkspaceService().executeCommand(
        new ExecuteCommandParams(a.getCommand().getCommand(), a.getCommand().getArguments())));
    assertTrue(result.toString().contains("AWS_KEY"), String.valueOf(result));
    ApplyWorkspaceEditParams edit = h.client.edits.poll(5, TimeUnit.SECONDS);
    assertNotNull(edit);
    TextDocumentEdit tde = edit.getEdit().getDocumentChanges().getFirst().getLeft();
    assertEquals(new VersionedTextDocumentIdentifier(URI, 1), tde.getTextDocument());
    TextEdit te = tde.getEdits().getFirst().getLeft();
    String edited = apply(JAVA, te);
    assertEquals("class A {\n  String awsKey = System.getenv(\"AWS_KEY\");\n}\n", edited);

    SecretValue stored = fx.vault.resolve("AWS_KEY").orElseThrow().value();
    assertTrue(stored.sameValueAs(SecretValue.of("x", KEY.getBytes(StandardCharsets.US_ASCII))), "the value is in the vault");
    List<AuditRecord> audit = fx.stack.audit.query(new AuditStore.Filter("AWS_KEY", null, "secret.set", null), 10);
    assertEquals("lsp", audit.getFirst().actor());
    assertTrue(h.client.messages.stream().anyMatch(m -> m.getMessage().contains("stored AWS_KEY")));

    TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(edited);
    h.remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(URI, 2),
        List.of(change)));
    PublishDiagnosticsParams after;
    do {
      after = h.client.nextDiagnostics(URI);
    } while (after.getVersion() != null && after.getVersion() < 2);
    assertEquals(List.of(), after.getDiagnostics(), "the literal is gone");

    // The same value elsewhere is now a known vault value: the fix only references it.
    String other = "file:///work/b.py";
    h.open(other, "python", 1, "token = '" + KEY + "'\n");
    Diagnostic known = h.client.nextDiagnostics(other).getDiagnostics().getFirst();
    assertEquals(DiagnosticSeverity.Error, known.getSeverity());
    assertTrue(known.getMessage().getLeft().contains("AWS_KEY"), known.getMessage().getLeft());
    CodeAction ref = get(h.remote.getTextDocumentService().codeAction(new CodeActionParams(new TextDocumentIdentifier(other),
        known.getRange(), new CodeActionContext(List.of(known))))).getFirst().getRight();
    assertEquals("Replace with a reference to vault secret AWS_KEY", ref.getTitle());
    TextEdit refEdit = ref.getEdit().getDocumentChanges().getFirst().getLeft().getEdits().getFirst().getLeft();
    assertEquals("token = os.environ[\"AWS_KEY\"]\n", apply("token = '" + KEY + "'\n", refEdit));
    assertFalse(h.wire().contains(KEY.substring(4)), "the value never went to the editor");
  }

  static String apply(String text, TextEdit e) {
    LineIndex li = new LineIndex(text);
    int s = li.offset(e.getRange().getStart());
    int end = li.offset(e.getRange().getEnd());
    return text.substring(0, s) + e.getNewText() + text.substring(end);
  }

  @Test
  void aRefusedEditLeavesNothingInTheVault() throws Exception {
    start(VaultState.UNLOCKED, true, options());
    h.client.applyEdits = false;
    h.open(URI, "java", 1, JAVA);
    Diagnostic d = h.client.nextDiagnostics(URI).getDiagnostics().getFirst();
    CodeAction a = get(h.remote.getTextDocumentService().codeAction(new CodeActionParams(new TextDocumentIdentifier(URI),
        d.getRange(), new CodeActionContext(List.of(d))))).getFirst().getRight();
    ResponseError e = error(h.remote.getWorkspaceService().executeCommand(
        new ExecuteCommandParams(a.getCommand().getCommand(), a.getCommand().getArguments())));
    assertTrue(e.getMessage().contains("did not apply the edit"), e.getMessage());
    assertTrue(fx.vault.resolve("AWS_KEY").isEmpty(), "undone");
  }

  @Test
  void aLockedVaultKeepsPatternDiagnosticsAndSaysWhyItCannotStore() throws Exception {
    start(VaultState.LOCKED, true, options());
    h.open(URI, "java", 1, JAVA);
    Diagnostic d = h.client.nextDiagnostics(URI).getDiagnostics().getFirst();
    assertEquals("aws_access_key_id", d.getCode().getLeft());
    CodeAction a = get(h.remote.getTextDocumentService().codeAction(new CodeActionParams(new TextDocumentIdentifier(URI),
        d.getRange(), new CodeActionContext(List.of(d))))).getFirst().getRight();
    assertTrue(a.getDisabled().getReason().contains("locked"), a.getDisabled().getReason());
    ResponseError e = error(h.remote.vaultSet(new VaultSetParams("API_TOKEN", "s3cr3t-value-123456", null, null)));
    assertEquals(ChannelException.VAULT_UNAVAILABLE, e.getCode());
    assertTrue(e.getMessage().contains("IRONCLAW4J_VAULT_PASSPHRASE"), e.getMessage());
    assertEquals("locked", get(h.remote.status()).vault());
  }

  @Test
  void oversizedDocumentsAreNotScannedAndSaySo() throws Exception {
    start(VaultState.UNLOCKED, true, options().withMaxDocumentChars(20));
    h.open(URI, "java", 1, JAVA);
    Diagnostic d = h.client.nextDiagnostics(URI).getDiagnostics().getFirst();
    assertEquals(DiagnosticSeverity.Information, d.getSeverity());
    assertEquals("too-large", d.getCode().getLeft());
    assertTrue(d.getMessage().getLeft().contains("did not scan"), d.getMessage().getLeft());
  }

  @Test
  void chatStreamsDeltasAfterTheAnswerThatNamesTheTurn() throws Exception {
    start(VaultState.UNLOCKED, true, options());
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<ChatStartResult> f = h.remote.chatStart(new ChatStartParams(null, "say hello with a plan"));
    f.thenAccept(r -> order.add("answer"));
    ChatStartResult r = get(f);
    ChatDone done = get(h.client.done(r.turnId()));
    assertEquals("completed", done.status());
    assertEquals("Hello, world", done.text());
    List<String> events = h.client.events.stream().filter(e -> e.contains(r.turnId())).toList();
    assertEquals(List.of("plan:" + r.turnId() + ":[look, answer]", "delta:" + r.turnId() + ":Hello", "delta:" + r.turnId() + ":, ",
        "delta:" + r.turnId() + ":world", "done:" + r.turnId() + ":completed"), events);
    assertEquals(List.of("answer"), order);

    // the session goes on
    ChatStartResult again = get(h.remote.chatStart(new ChatStartParams(r.sessionId(), "more")));
    assertEquals(r.sessionId(), again.sessionId());
    assertEquals("completed", get(h.client.done(again.turnId())).status());
  }

  @Test
  void approvalRoundTripBothWays() throws Exception {
    start(VaultState.UNLOCKED, true, options());
    ChatStartResult allowed = get(h.remote.chatStart(new ChatStartParams(null, "use a tool")));
    assertEquals("Hello, world (allowed: allow_once)", get(h.client.done(allowed.turnId())).text());
    LspMessages.ApprovalParams q = h.client.approvals.poll(5, TimeUnit.SECONDS);
    assertEquals(TestConversations.TOOL, q.tool());
    assertEquals(List.of("read_private"), q.effects());
    assertTrue(q.mayRemember());
    assertTrue(h.client.events.contains("toolResult:" + allowed.turnId() + ":" + TestConversations.TOOL + ":true"));

    h.client.approve = p -> CompletableFuture.completedFuture(new ApprovalAnswer("deny"));
    ChatStartResult denied = get(h.remote.chatStart(new ChatStartParams(allowed.sessionId(), "use a tool again")));
    assertEquals("Hello, world (denied)", get(h.client.done(denied.turnId())).text());
    assertTrue(h.client.events.contains("toolResult:" + denied.turnId() + ":" + TestConversations.TOOL + ":false"));

    h.client.approve = p -> CompletableFuture.completedFuture(new ApprovalAnswer("allow_session"));
    ChatStartResult session = get(h.remote.chatStart(new ChatStartParams(allowed.sessionId(), "use a tool once more")));
    assertEquals("Hello, world (allowed: allow_for_session)", get(h.client.done(session.turnId())).text());
  }

  @Test
  void unansweredApprovalIsADenial() throws Exception {
    start(VaultState.UNLOCKED, true, options().withApprovalTimeout(Duration.ofMillis(300)));
    h.client.approve = p -> new CompletableFuture<>();
    ChatStartResult r = get(h.remote.chatStart(new ChatStartParams(null, "use a tool")));
    assertEquals("Hello, world (denied)", get(h.client.done(r.turnId())).text());
  }

  @Test
  void withoutTheIronclawCapabilityApprovalsUseShowMessageRequest() throws Exception {
    start(VaultState.UNLOCKED, false, options());
    h.client.question = p -> CompletableFuture.completedFuture(new MessageActionItem("Deny"));
    ChatStartResult r = get(h.remote.chatStart(new ChatStartParams(null, "use a tool")));
    assertEquals("Hello, world (denied)", get(h.client.done(r.turnId())).text());
    var q = h.client.questions.poll(5, TimeUnit.SECONDS);
    assertTrue(q.getMessage().contains(TestConversations.TOOL), q.getMessage());
    assertEquals(List.of("Allow once", "Allow for this session", "Deny"), q.getActions().stream().map(MessageActionItem::getTitle).toList());
    assertTrue(h.client.approvals.isEmpty());
  }

  @Test
  void cancelStopsATurn() throws Exception {
    start(VaultState.UNLOCKED, true, options());
    ChatStartResult r = get(h.remote.chatStart(new ChatStartParams(null, "wait for me")));
    get(h.remote.chatCancel(new ChatCancelParams(r.turnId())));
    assertEquals("cancelled", get(h.client.done(r.turnId())).status());
    get(h.remote.chatCancel(new ChatCancelParams(r.turnId()))); // again: already over, still fine
    ResponseError e = error(h.remote.chatCancel(new ChatCancelParams("no-such-turn")));
    assertEquals(ChannelException.NOT_FOUND, e.getCode());
  }

  @Test
  void withoutTheAgentCoreChatSaysSoAndTheRestWorks() throws Exception {
    fx = new ChannelFixture(tmp, VaultState.UNLOCKED, false);
    h = new LspHarness(fx.services, Optional.empty(), options());
    h.initialize(true, null);
    ResponseError e = error(h.remote.chatStart(new ChatStartParams(null, "hi")));
    assertEquals(ChannelException.AGENT_UNAVAILABLE, e.getCode());
    assertTrue(e.getMessage().startsWith("agent core not available in this build"), e.getMessage());
    assertEquals("agent-unavailable", ((JsonObject) e.getData()).get("reason").getAsString());
    assertFalse(String.valueOf(e.getData()).contains("at dev.ironclaw4j"), "no stack trace");
    var status = get(h.remote.status());
    assertEquals("unlocked", status.vault());
    assertTrue(status.tools() > 3);
    assertFalse(get(h.remote.toolsList()).tools().isEmpty());
  }

  @Test
  void toolsGoThroughThePipelineWithTheEditorsApproverAndProgress() throws Exception {
    start(VaultState.UNLOCKED, true, options());
    ChannelServices.ToolInfo secretList = get(h.remote.toolsList()).tools().stream()
        .filter(t -> t.name().equals("secret_list")).findFirst().orElseThrow();
    assertEquals(List.of("read_private"), secretList.effects());
    assertEquals("builtin", secretList.source());

    h.client.approve = p -> CompletableFuture.completedFuture(new ApprovalAnswer("deny"));
    ToolsCallResult denied = get(h.remote.toolsCall(new ToolsCallParams("secret_list", new JsonObject(), null)));
    assertFalse(denied.ok());
    assertTrue(denied.output().contains("declined"), denied.output());

    h.client.approve = p -> CompletableFuture.completedFuture(new ApprovalAnswer("allow_once"));
    ToolsCallResult ok = get(h.remote.toolsCall(new ToolsCallParams("secret_list", new JsonObject(), null)));
    assertTrue(ok.ok(), ok.output());
    assertTrue(h.client.progress.stream().anyMatch(s -> s.startsWith("create:")), h.client.progress.toString());
    assertTrue(h.client.progress.stream().anyMatch(s -> s.startsWith("begin:")), h.client.progress.toString());
    assertTrue(h.client.progress.stream().anyMatch(s -> s.startsWith("end:")), h.client.progress.toString());

    ToolsCallResult echo = get(h.remote.toolsCall(new ToolsCallParams("echo",
        com.google.gson.JsonParser.parseString("{\"text\":\"hi from the editor\"}"), new com.google.gson.JsonPrimitive("tok-1"))));
    assertTrue(echo.ok() && echo.output().contains("hi from the editor"), echo.output());
    assertTrue(h.client.progress.contains("begin:tok-1"), "the client's own token is used");

    List<ChannelServices.AuditEntry> audit = get(h.remote.auditQuery(new LspMessages.AuditQueryParams(10, "secret_list"))).records();
    assertEquals(List.of("denied", "allowed"), audit.stream().map(ChannelServices.AuditEntry::decision).toList());
    assertTrue(audit.stream().allMatch(a -> a.actor().startsWith("lsp")), audit.toString());

    ResponseError build = error(h.remote.toolsBuild(new LspMessages.ToolsBuildParams("tools/x", true, null)));
    assertEquals(ChannelException.NOT_AVAILABLE, build.getCode());
    assertTrue(build.getMessage().contains("toolsmith"), build.getMessage());
  }

  @Test
  void vaultSetStoresTheValueAndNeverSendsItBack() throws Exception {
    start(VaultState.UNLOCKED, true, options());
    String value = "ghp_" + "x7Kq2LmN9pR4sT6vW8yZ1aB3cD5eF7gH9jK0";
    get(h.remote.vaultSet(new VaultSetParams("GITHUB_TOKEN", value, List.of("https://api.github.com/* GET"), "bearer")));
    List<LspMessages.SecretItem> secrets = get(h.remote.vaultList()).secrets();
    assertEquals(1, secrets.size());
    assertEquals("GITHUB_TOKEN", secrets.getFirst().name());
    assertEquals(List.of("https://api.github.com/* GET -> bearer"), secrets.getFirst().bindings());
    assertTrue(fx.vault.resolve("GITHUB_TOKEN").orElseThrow().value()
        .sameValueAs(SecretValue.of("x", value.getBytes(StandardCharsets.US_ASCII))));

    h.open(URI, "plaintext", 1, "token: " + value + "\n");
    Diagnostic d = h.client.nextDiagnostics(URI).getDiagnostics().getFirst();
    assertTrue(d.getMessage().getLeft().contains("GITHUB_TOKEN"), "a known value now: " + d.getMessage());

    ResponseError bad = error(h.remote.vaultSet(new VaultSetParams("BAD NAME", "whatever-long-enough", null, null)));
    assertEquals(ChannelException.INVALID_PARAMS, bad.getCode());
    ResponseError bind = error(h.remote.vaultSet(new VaultSetParams("X_TOKEN", "whatever-long-enough", List.of("https://x.example/*"), null)));
    assertTrue(bind.getMessage().contains("inject"), bind.getMessage());
    assertFalse(h.wire().contains(value), "the value never went back to the editor");
    assertFalse(h.wire().contains("whatever-long-enough"), "nor a refused one");
  }

  @Test
  void oversizedAndMalformedMessagesGetErrorsAndTheServerLivesOn() throws Exception {
    fx = new ChannelFixture(tmp, VaultState.UNLOCKED, false);
    h = new LspHarness(fx.services, Optional.empty(), options().withMaxMessageBytes(4096));

    String big = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ironclaw/vault/set\",\"params\":{\"name\":\"A\",\"value\":\""
        + "v".repeat(20_000) + "\"}}";
    h.rawSend(big);
    JsonObject tooLarge = h.rawRead();
    assertEquals(7, tooLarge.get("id").getAsInt());
    assertEquals(ChannelException.TOO_LARGE, tooLarge.getAsJsonObject("error").get("code").getAsInt());

    h.rawSend("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ironclaw/status\",\"params\":{\"x\":");
    JsonObject parse = h.rawRead();
    assertEquals(8, parse.get("id").getAsInt(), parse.toString());
    assertEquals(-32700, parse.getAsJsonObject("error").get("code").getAsInt());

    h.rawWrite("Content-Length: lots\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    JsonObject header = h.rawRead();
    assertTrue(header.get("id").isJsonNull());
    assertEquals(-32700, header.getAsJsonObject("error").get("code").getAsInt());

    h.rawWrite(("X-Nonsense: " + "y".repeat(5000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    assertEquals(-32700, h.rawRead().getAsJsonObject("error").get("code").getAsInt());

    h.rawSend("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ironclaw/chat/cancel\",\"params\":42}");
    JsonObject params = h.rawRead();
    assertEquals(9, params.get("id").getAsInt());
    assertEquals(-32602, params.getAsJsonObject("error").get("code").getAsInt(), params.toString());

    h.rawSend("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ironclaw/nope\"}");
    assertEquals(-32601, h.rawRead().getAsJsonObject("error").get("code").getAsInt());

    h.rawSend("[1,2,3]");
    JsonObject batch = h.rawRead();
    assertTrue(batch.has("error"), batch.toString());

    h.rawSend("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"ironclaw/status\"}");
    JsonObject alive = h.rawRead();
    assertEquals(11, alive.get("id").getAsInt());
    assertEquals("unlocked", alive.getAsJsonObject("result").get("vault").getAsString());
    List<String> all = new ArrayList<>(List.of(h.wire()));
    assertFalse(all.getFirst().contains("at org.eclipse") || all.getFirst().contains("at dev.ironclaw4j"), "no stack traces");
  }

  @Test
  void degradedServicesAnswerWithTheReasonAndDiagnosticsStillWork() throws Exception {
    ChannelServices degraded = ChannelServices.degraded("the database jdbc:h2:... is in use by another process"
        + " (is 'ironclaw4j serve' already running?)");
    h = new LspHarness(degraded, Optional.of(conversations), options());
    h.initialize(true, null);
    h.open(URI, "java", 1, JAVA);
    assertEquals("aws_access_key_id", h.client.nextDiagnostics(URI).getDiagnostics().getFirst().getCode().getLeft());
    ResponseError e = error(h.remote.auditQuery(new LspMessages.AuditQueryParams(5, null)));
    assertEquals(ChannelException.DATABASE_UNAVAILABLE, e.getCode());
    assertTrue(e.getMessage().contains("ironclaw4j serve"), e.getMessage());
    assertEquals("unavailable", get(h.remote.status()).database());
    assertEquals(ChannelException.DATABASE_UNAVAILABLE, error(h.remote.chatStart(new ChatStartParams(null, "hi"))).getCode(),
        "chat says why, not that the agent is missing");
    assertTrue(h.client.messages.stream().anyMatch(m -> m.getMessage().contains("in use by another process")));
  }
}
