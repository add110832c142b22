// The palette commands: vault, tools, toolsmith, audit, memory, status.
import { randomUUID } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import {
  type BuildDiagnostic,
  describeTool,
  formatAudit,
  formatCallResult,
  formatMemory,
  problemsInMessage,
  secretPickItem,
  summarizeBuild,
  toolPickItem,
  validateBinding,
  validateSecretName,
  validateSecretValue,
} from './format';
import { Methods, type ToolInfo, type ToolsListResult, type VaultSecret } from './protocol';
import type { ServerController } from './server';

export const SCHEME = 'ironclaw4j';

/** Read-only documents for tool descriptions, the audit log and memory results. */
export class ContentProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async open(relPath: string, content: string, language?: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${relPath}` });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (language && doc.languageId !== language) {
      doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    }
    return vscode.window.showTextDocument(doc, { preview: false });
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The server's reason code of a failed request (docs/protocol.md, "Error codes"), if any. */
function reasonOf(e: unknown): string | undefined {
  const data = (e as { data?: unknown })?.data;
  const reason = data && typeof data === 'object' ? (data as Record<string, unknown>)['reason'] : undefined;
  return typeof reason === 'string' ? reason : undefined;
}

async function reportErrors(what: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (e) {
    const reason = reasonOf(e);
    const actions = reason === 'vault-locked' ? ['Unlock the Vault…'] : reason === 'database-unavailable' ? ['Show Log'] : [];
    const pick = await vscode.window.showErrorMessage(`ironclaw4j: ${what}: ${errorText(e)}`, ...actions);
    if (pick === 'Unlock the Vault…') {
      await vscode.commands.executeCommand('ironclaw4j.unlockVault');
    } else if (pick === 'Show Log') {
      await vscode.commands.executeCommand('ironclaw4j.showLog');
    }
  }
}

async function listTools(server: ServerController): Promise<ToolInfo[]> {
  const r = await server.request<ToolsListResult>(Methods.toolsList);
  return Array.isArray(r?.tools) ? [...r.tools].sort((a, b) => a.name.localeCompare(b.name)) : [];
}

async function pickTool(server: ServerController, title: string): Promise<ToolInfo | undefined> {
  const tools = await listTools(server);
  if (!tools.length) {
    void vscode.window.showInformationMessage('ironclaw4j: the server has no tools.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    tools.map((t) => ({ ...toolPickItem(t), tool: t })),
    { title, matchOnDescription: true, matchOnDetail: true, placeHolder: 'Tool name' },
  );
  return pick?.tool;
}

export function registerCommands(context: vscode.ExtensionContext, server: ServerController, content: ContentProvider): void {
  const buildDiagnostics = vscode.languages.createDiagnosticCollection('ironclaw4j-build');
  context.subscriptions.push(buildDiagnostics);
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('ironclaw4j.restartServer', () => reportErrors('restart', () => server.restart()));
  reg('ironclaw4j.showLog', () => server.output.show(true));

  reg('ironclaw4j.storeSecret', (preset?: { name?: string }) =>
    reportErrors('storing the secret failed', async () => {
      const name = await vscode.window.showInputBox({
        title: 'Store a secret (1/3): name',
        prompt: 'The name the agent and tools use, e.g. GITHUB_TOKEN. Only the name is ever shown again.',
        value: preset?.name ?? '',
        ignoreFocusOut: true,
        validateInput: (v) => validateSecretName(v.trim()),
      });
      if (name === undefined) {
        return;
      }
      // The value lives in this local variable only: it is sent to the server's vault and dropped. It is
      // never written to settings, workspace or global state, or the log.
      let value = await vscode.window.showInputBox({
        title: `Store a secret (2/3): value of ${name.trim()}`,
        prompt: 'Typed characters are hidden. The value goes straight to the encrypted vault.',
        password: true,
        ignoreFocusOut: true,
        validateInput: validateSecretValue,
      });
      if (value === undefined) {
        return;
      }
      const binding = await vscode.window.showInputBox({
        title: `Store a secret (3/3): where ${name.trim()} may be sent`,
        prompt: 'A URL pattern and optional methods, e.g. "https://api.github.com/* GET,POST". Empty: store it unbound (never sent anywhere).',
        ignoreFocusOut: true,
        validateInput: validateBinding,
      });
      if (binding === undefined) {
        value = '';
        return;
      }
      let inject: string | undefined;
      if (binding.trim()) {
        const pick = await vscode.window.showQuickPick(
          [
            { label: 'bearer', detail: 'Authorization: Bearer <value>' },
            { label: 'header:…', detail: 'A header of your choice' },
            { label: 'query:…', detail: 'A query parameter' },
            { label: 'basic:…', detail: 'HTTP Basic with a user name' },
          ],
          { title: 'How the value is put into requests', ignoreFocusOut: true },
        );
        if (!pick) {
          value = '';
          return;
        }
        inject = pick.label;
        if (pick.label.endsWith('…')) {
          const kind = pick.label.slice(0, -1);
          const arg = await vscode.window.showInputBox({
            title: `${kind} — ${kind === 'header:' ? 'header name (optionally NAME:PREFIX)' : kind === 'query:' ? 'parameter name' : 'user name'}`,
            ignoreFocusOut: true,
            validateInput: (v) => (v.trim() ? undefined : 'Required.'),
          });
          if (!arg) {
            value = '';
            return;
          }
          inject = `${kind}${arg.trim()}`;
        }
      }
      const params = { name: name.trim(), value, ...(binding.trim() ? { bind: [binding.trim()], inject } : {}) };
      value = '';
      await server.requestWithSecret(Methods.vaultSet, params);
      params.value = '';
      void vscode.window.showInformationMessage(`ironclaw4j: stored ${name.trim()} in the vault.`);
      void server.refreshStatus();
    }),
  );

  reg('ironclaw4j.listSecrets', () =>
    reportErrors('listing secrets failed', async () => {
      const r = await server.request<{ secrets?: VaultSecret[] }>(Methods.vaultList);
      const secrets = Array.isArray(r?.secrets) ? r.secrets : [];
      const add = { label: '$(add) Store a new secret…', description: '', detail: '' };
      const pick = await vscode.window.showQuickPick([...secrets.map(secretPickItem), add], {
        title: `Vault: ${secrets.length} secret${secrets.length === 1 ? '' : 's'} (names only; values never leave the vault)`,
      });
      if (pick === add) {
        await vscode.commands.executeCommand('ironclaw4j.storeSecret');
      }
    }),
  );

  reg('ironclaw4j.unlockVault', () =>
    reportErrors('unlocking failed', async () => {
      const passphrase = await vscode.window.showInputBox({
        title: 'Unlock the ironclaw4j vault',
        prompt: 'The vault passphrase. It is kept in memory for this window only and passed to the server when it restarts; it is never saved.',
        password: true,
        ignoreFocusOut: true,
      });
      if (!passphrase) {
        return;
      }
      await server.unlockWith(passphrase);
      if (server.state.kind === 'ready' && server.state.vault === 'locked') {
        void vscode.window.showErrorMessage('ironclaw4j: the vault is still locked (wrong passphrase?). See the server log.', 'Show Log').then((p) => {
          if (p) {
            server.output.show(true);
          }
        });
      }
    }),
  );

  reg('ironclaw4j.showTools', () =>
    reportErrors('listing tools failed', async () => {
      const tool = await pickTool(server, 'ironclaw4j tools');
      if (!tool) {
        return;
      }
      const action = await vscode.window.showQuickPick(['Describe', 'Call…'], { title: tool.name });
      if (action === 'Describe') {
        await content.open(`tools/${tool.name}.md`, describeTool(tool), 'markdown');
      } else if (action === 'Call…') {
        await callTool(server, content, tool);
      }
    }),
  );

  reg('ironclaw4j.describeTool', (name?: string) =>
    reportErrors('describing the tool failed', async () => {
      let tool: ToolInfo | undefined;
      if (typeof name === 'string') {
        tool = (await listTools(server)).find((t) => t.name === name);
        if (!tool) {
          throw new Error(`no tool named ${name}`);
        }
      } else {
        tool = await pickTool(server, 'Describe a tool');
      }
      if (tool) {
        await content.open(`tools/${tool.name}.md`, describeTool(tool), 'markdown');
      }
    }),
  );

  reg('ironclaw4j.buildTool', (uri?: vscode.Uri, options?: { install?: boolean }) =>
    reportErrors('building the tool failed', async () => {
      const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc || doc.uri.scheme !== 'file' || !doc.fileName.endsWith('.java')) {
        void vscode.window.showWarningMessage('ironclaw4j: open the Java source of a tool first (a .java file), then run "Build Tool from Active Java File".');
        return;
      }
      let install = options?.install;
      if (install === undefined) {
        const pick = await vscode.window.showQuickPick(
          [
            { label: 'Build and install', detail: 'Compile to WASM, check it, and install it into the tools folder', install: true },
            { label: 'Build only', detail: 'Compile to WASM and check it; install nothing', install: false },
          ],
          { title: `Build tool from ${path.basename(doc.fileName)}` },
        );
        if (!pick) {
          return;
        }
        install = pick.install;
      }
      if (doc.isDirty) {
        await doc.save();
      }
      const file = path.basename(doc.fileName);
      buildDiagnostics.delete(doc.uri);
      const client = server.languageClient();
      const token = `ironclaw4j-build-${randomUUID()}`;
      const setDiagnostics = (diags: BuildDiagnostic[]) =>
        buildDiagnostics.set(
          doc.uri,
          diags.map((d) => {
            const line = Math.max(0, d.line - 1);
            const range = new vscode.Range(line, Math.max(0, d.column - 1), line, Number.MAX_SAFE_INTEGER);
            const diag = new vscode.Diagnostic(range, d.message, d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
            diag.source = 'ironclaw4j build';
            return diag;
          }),
        );
      let result: unknown;
      try {
        result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `ironclaw4j: building tool from ${file}`, cancellable: true },
          async (progress, cancel) => {
            progress.report({ message: 'compiling…' });
            const sub = client.onProgress(WorkDoneProgress.type, token, (v) => {
              if (v.kind === 'begin' || v.kind === 'report') {
                const msg = (v as WorkDoneProgressBegin | WorkDoneProgressReport).message;
                const pct = (v as WorkDoneProgressBegin | WorkDoneProgressReport).percentage;
                progress.report({ message: msg ?? (pct !== undefined ? `${pct}%` : undefined) });
              }
            });
            try {
              return await client.sendRequest<unknown>(Methods.toolsBuild, { path: doc.uri.fsPath, install, workDoneToken: token }, cancel);
            } finally {
              sub.dispose();
            }
          },
        );
      } catch (e) {
        if (reasonOf(e) !== 'build-failed') {
          throw e;
        }
        // The compiler's problems come back in the message as File.java:line:col lines.
        const message = errorText(e);
        const problems = problemsInMessage(message, doc.fileName);
        setDiagnostics(problems);
        const pick = await vscode.window.showErrorMessage(
          `ironclaw4j: building ${file} failed${problems.length ? ` (${problems.length} problem${problems.length === 1 ? '' : 's'}, shown in the file)` : ''}: ${message.split('\n')[0]}`,
          'Show Details',
        );
        if (pick === 'Show Details') {
          await content.open(`builds/${file}.txt`, message, 'plaintext');
        }
        return;
      }
      const summary = summarizeBuild(result, file, install);
      if (summary.diagnostics.length) {
        setDiagnostics(summary.diagnostics);
      }
      if (!summary.ok) {
        void vscode.window.showErrorMessage(`ironclaw4j: ${summary.message}`);
        return;
      }
      const actions = [...(summary.tool && summary.installed ? ['Describe Tool'] : []), ...(summary.details ? ['Show Capabilities'] : [])];
      const pick = await vscode.window.showInformationMessage(`ironclaw4j: ${summary.message}`, ...actions);
      if (pick === 'Describe Tool' && summary.tool) {
        await vscode.commands.executeCommand('ironclaw4j.describeTool', summary.tool);
      } else if (pick === 'Show Capabilities' && summary.details) {
        await content.open(`builds/${summary.tool ?? file}-capabilities.txt`, summary.details, 'plaintext');
      }
    }),
  );

  reg('ironclaw4j.browseAudit', (preset?: { tool?: string; limit?: number }) =>
    reportErrors('reading the audit log failed', async () => {
      let tool = preset?.tool;
      if (preset === undefined) {
        const tools = await listTools(server).catch(() => [] as ToolInfo[]);
        const all = { label: 'All records', tool: undefined as string | undefined };
        const pick = await vscode.window.showQuickPick([all, ...tools.map((t) => ({ label: t.name, tool: t.name as string | undefined }))], {
          title: 'Browse the audit log',
          placeHolder: 'All records, or the records of one tool',
        });
        if (!pick) {
          return;
        }
        tool = pick.tool;
      }
      const limit = preset?.limit ?? 200;
      const r = await server.request<{ records?: unknown[] }>(Methods.auditQuery, { limit, ...(tool ? { tool } : {}) });
      const records = Array.isArray(r?.records) ? r.records : [];
      await content.open(`audit${tool ? `-${tool}` : ''}.log`, formatAudit(records, tool), 'log');
    }),
  );

  reg('ironclaw4j.searchMemory', () =>
    reportErrors('memory search failed', async () => {
      const query = await vscode.window.showInputBox({ title: 'Search ironclaw4j memory', prompt: 'Words or a question' });
      if (!query?.trim()) {
        return;
      }
      const r = await server.request<unknown>(Methods.memorySearch, { query: query.trim(), limit: 20 });
      await content.open('memory.md', formatMemory(query.trim(), r), 'markdown');
    }),
  );

  reg('ironclaw4j.showStatus', async () => {
    const s = server.state;
    const items: Array<vscode.QuickPickItem & { command: string }> = [
      { label: '$(comment-discussion) Open Chat', command: 'ironclaw4j.openChat' },
      { label: '$(key) Store a Secret…', command: 'ironclaw4j.storeSecret' },
      { label: '$(lock) Unlock the Vault…', command: 'ironclaw4j.unlockVault' },
      { label: '$(tools) Show Tools', command: 'ironclaw4j.showTools' },
      { label: '$(history) Browse Audit Log', command: 'ironclaw4j.browseAudit' },
      { label: '$(output) Show Server Log', command: 'ironclaw4j.showLog' },
      { label: '$(debug-restart) Restart Server', command: 'ironclaw4j.restartServer' },
    ];
    const title =
      s.kind === 'ready'
        ? `ironclaw4j ${s.version ?? ''} — vault ${s.vault}${s.model ? ` — model ${s.model}` : ' — no model'}${s.tools !== undefined ? ` — ${s.tools} tools` : ''}`
        : s.kind === 'error'
          ? `ironclaw4j — error: ${s.message}`
          : `ironclaw4j — ${s.kind}`;
    const pick = await vscode.window.showQuickPick(items, { title });
    if (pick) {
      await vscode.commands.executeCommand(pick.command);
    }
  });
}

async function callTool(server: ServerController, content: ContentProvider, tool: ToolInfo): Promise<void> {
  const input = await vscode.window.showInputBox({
    title: `Call ${tool.name}: input (JSON)`,
    prompt: 'A JSON object. Placeholders like {{secret:NAME}} are resolved by the server at the egress boundary, never here.',
    value: '{}',
    validateInput: (v) => {
      try {
        const x = JSON.parse(v);
        return x && typeof x === 'object' && !Array.isArray(x) ? undefined : 'A JSON object, e.g. {"text": "hi"}';
      } catch (e) {
        return `Not JSON: ${errorText(e)}`;
      }
    },
  });
  if (input === undefined) {
    return;
  }
  const result = await server.request<unknown>(Methods.toolsCall, { name: tool.name, input: JSON.parse(input) });
  await content.open(`results/${tool.name}.txt`, formatCallResult(tool.name, JSON.stringify(JSON.parse(input)), result), 'plaintext');
}
