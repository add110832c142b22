// Drives 'ironclaw4j lsp' with the protocol stack of vscode-languageclient (vscode-languageserver-protocol
// and vscode-jsonrpc, the packages the VS Code extension's client is built on), over this process's
// stdin/stdout; the Java test connects them to the server. Writes a summary to the file argv[2].
import { createRequire } from "node:module";
import fs from "node:fs";

const require = createRequire(import.meta.url);
const lsp = require("vscode-languageserver-protocol/node");
const clientVersion = JSON.parse(fs.readFileSync(new URL("./node_modules/vscode-languageclient/package.json", import.meta.url))).version;
const summaryFile = process.argv[2];

const KEY = "AKIAZ3MXQ7RT2VBN4KLP";
const uri = "file:///work/config.ts";
let text = `export const awsKey = "${KEY}";\n`;
let version = 1;

const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(process.stdin), new lsp.StreamMessageWriter(process.stdout));
const diagnostics = [];
const deltas = [];
const approvals = [];
const progress = [];
let onDiagnostics = () => {};
let onDone = () => {};

const apply = (t, e) => {
  const lines = t.split("\n");
  const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end));
};

conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
  if (p.uri === uri) {
    diagnostics.push(p);
    onDiagnostics(p);
  }
});
conn.onRequest(lsp.ApplyWorkspaceEditRequest.type, (p) => {
  for (const change of p.edit.documentChanges ?? []) {
    if (change.textDocument.uri === uri && change.textDocument.version === version) {
      for (const e of change.edits) text = apply(text, e);
    } else {
      return { applied: false, failureReason: "stale document" };
    }
  }
  return { applied: true };
});
conn.onRequest(lsp.WorkDoneProgressCreateRequest.type, () => null);
conn.onNotification("$/progress", (p) => progress.push(p.value.kind));
conn.onNotification(lsp.ShowMessageNotification.type, () => {});
conn.onNotification(lsp.LogMessageNotification.type, () => {});
conn.onRequest("ironclaw/approvalRequest", (p) => {
  approvals.push(p);
  return { answer: "allow_once" };
});
conn.onNotification("ironclaw/chat/delta", (p) => deltas.push(p.text));
conn.onNotification("ironclaw/chat/toolCall", () => {});
conn.onNotification("ironclaw/chat/toolResult", () => {});
conn.onNotification("ironclaw/chat/plan", () => {});
conn.onNotification("ironclaw/chat/done", (p) => onDone(p));
conn.listen();

const waitFor = (set, pred) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("timed out")), 20000);
  set((v) => { if (pred(v)) { clearTimeout(timer); resolve(v); } });
});

const init = await conn.sendRequest(lsp.InitializeRequest.type, {
  processId: process.pid,
  rootUri: null,
  capabilities: {
    workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
    window: { workDoneProgress: true },
    experimental: { ironclaw: { approvalRequest: true } },
  },
  initializationOptions: { debounceMs: 10 },
});
await conn.sendNotification(lsp.InitializedNotification.type, {});

const firstDiagnostics = waitFor((f) => (onDiagnostics = f), (p) => p.diagnostics.length > 0);
await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: "typescript", version, text },
});
const diag = (await firstDiagnostics).diagnostics[0];
const actions = await conn.sendRequest(lsp.CodeActionRequest.type, {
  textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] },
});
const action = actions[0];
const moved = await conn.sendRequest(lsp.ExecuteCommandRequest.type, {
  command: action.command.command, arguments: action.command.arguments,
});
version = 2;
const cleared = waitFor((f) => (onDiagnostics = f), (p) => p.version === 2);
await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
  textDocument: { uri, version }, contentChanges: [{ text }],
});
const after = await cleared;

const done = waitFor((f) => (onDone = f), () => true);
const started = await conn.sendRequest("ironclaw/chat/start", { prompt: "use a tool" });
const finished = await done;
const status = await conn.sendRequest("ironclaw/status");
const call = await conn.sendRequest("ironclaw/tools/call", { name: "echo", input: { text: "from vscode" } });
let cancelError = null;
try {
  await conn.sendRequest("ironclaw/chat/cancel", { turnId: "nope" });
} catch (e) {
  cancelError = e.code;
}

await conn.sendRequest(lsp.ShutdownRequest.type);
fs.writeFileSync(summaryFile, JSON.stringify({
  clientVersion,
  server: init.serverInfo.name,
  range: diag.range,
  code: diag.code,
  title: action.title,
  moved,
  text,
  diagnosticsAfter: after.diagnostics.length,
  turnId: started.turnId,
  status: finished.status,
  deltas: deltas.join(""),
  approvals: approvals.map((a) => a.tool),
  vault: status.vault,
  echo: call,
  progress,
  cancelError,
}));
await conn.sendNotification(lsp.ExitNotification.type);
setTimeout(() => process.exit(0), 100);
