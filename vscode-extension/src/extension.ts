// ironclaw4j for VS Code: starts `ironclaw4j lsp`, shows its state, and gives the editor the agent's chat,
// approvals, vault, tools and audit log.
import * as vscode from 'vscode';
import { answerForLabel, approvalChoices, approvalMessage, normalizeApprovalRequest } from './approval';
import { ChatRouter } from './chat/model';
import { ChatPanel } from './chat/panel';
import { registerParticipant } from './chat/participant';
import { ContentProvider, registerCommands, SCHEME } from './commands';
import { registerMcp } from './mcp';
import type { ApprovalAnswer, ApprovalResponse } from './protocol';
import { ServerController } from './server';
import { needsRestart } from './settings';
import { statusView } from './statusModel';

/** What the extension exports, for other extensions and the tests. */
export interface IronclawApi {
  readonly server: ServerController;
}

async function askModal(params: unknown): Promise<ApprovalAnswer> {
  const req = normalizeApprovalRequest(params);
  const { title, detail } = approvalMessage(req);
  const labels = approvalChoices(req)
    .filter((c) => c.answer !== 'deny')
    .map((c) => c.label);
  // The dialog's own Cancel button (and Escape) is the denial.
  const pick = await vscode.window.showWarningMessage(title, { modal: true, detail }, ...labels);
  return answerForLabel(pick, req);
}

let running: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<IronclawApi> {
  const output = vscode.window.createOutputChannel('ironclaw4j', { log: true });
  const router = new ChatRouter();
  const server = new ServerController(output, {
    onChatEvent: (e) => router.dispatch(e),
    onApprovalRequest: async (params, token): Promise<ApprovalResponse> => {
      const req = normalizeApprovalRequest(params);
      const panel = ChatPanel.activeTurnPanel();
      const answer = panel ? await panel.askApproval(req, token) : await askModal(params);
      output.appendLine(`[extension] approval for ${req.tool}: ${answer}`);
      return { answer };
    },
  });
  const content = new ContentProvider();
  const status = vscode.window.createStatusBarItem('ironclaw4j.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'ironclaw4j';
  status.command = 'ironclaw4j.showStatus';
  const showState = () => {
    const view = statusView(server.state);
    status.text = view.text;
    status.tooltip = view.tooltip;
    status.accessibilityInformation = { label: view.label };
    status.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    status.show();
  };
  showState();

  context.subscriptions.push(
    output,
    status,
    server,
    server.onDidChangeState(showState),
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, content),
    vscode.commands.registerCommand('ironclaw4j.openChat', () => ChatPanel.show(context, server, router)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (needsRestart((s) => e.affectsConfiguration(s))) {
        output.appendLine('[extension] settings changed; restarting the server');
        void server.restart();
      }
    }),
  );
  registerCommands(context, server, content);
  // Optional integrations: whatever an older or newer VS Code says about them, the rest keeps working.
  const optional = (what: string, fn: () => boolean): boolean => {
    try {
      return fn();
    } catch (e) {
      output.appendLine(`[extension] ${what} not available: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  };
  const participant = optional('chat participant', () => registerParticipant(context, server, router));
  const mcp = optional('MCP server provider', () => registerMcp(context, server));
  output.appendLine(`[extension] ironclaw4j ${context.extension.packageJSON.version} in ${vscode.env.appName} ${vscode.version}; chat participant: ${participant ? 'yes' : 'no (use "ironclaw4j: Open Chat")'}; MCP provider: ${mcp ? 'yes' : 'no'}`);
  running = server;
  void server.start();
  return { server };
}

/** Stops the server cleanly (LSP shutdown and exit) before VS Code disposes the rest. */
export async function deactivate(): Promise<void> {
  const server = running;
  running = undefined;
  await server?.stop();
}
