// Starts, watches and restarts the `ironclaw4j lsp` server, and is the one way the rest of the extension
// talks to it.
import * as vscode from 'vscode';
import { LanguageClient, State, Trace, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { findJava, type FoundJava } from './java';
import { describeCommand, locateServer, serverCommand, type ServerCommand } from './launch';
import { nodeProbe } from './nodeProbe';
import { Methods, type ChatDelta, type ChatDone, type ChatEvent, type ChatPlan, type ChatToolCall, type ChatToolResult, type StatusResult } from './protocol';
import { readSettings, SECTION, type Settings } from './settings';
import { readyState, type ServerState } from './statusModel';

export class ServerNotRunningError extends Error {
  constructor(state: ServerState) {
    super(
      state.kind === 'starting'
        ? 'The ironclaw4j server is still starting; try again in a moment.'
        : state.kind === 'error'
          ? `The ironclaw4j server is not running: ${state.message}`
          : 'The ironclaw4j server is not running. Run "ironclaw4j: Restart Server".',
    );
  }
}

export interface ServerHooks {
  onChatEvent(event: ChatEvent): void;
  onApprovalRequest(params: unknown, token: vscode.CancellationToken): Promise<unknown>;
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private stateValue: ServerState = { kind: 'stopped' };
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateEmitter.event;
  /** The vault passphrase typed this session: only in memory, only passed to the server's environment. */
  private vaultPassphrase: string | undefined;
  private starting: Promise<void> | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private java: FoundJava | undefined;

  constructor(
    readonly output: vscode.LogOutputChannel,
    private readonly hooks: ServerHooks,
  ) {}

  get state(): ServerState {
    return this.stateValue;
  }

  private setState(state: ServerState): void {
    this.stateValue = state;
    this.stateEmitter.fire(state);
  }

  settings(): Settings {
    const cfg = vscode.workspace.getConfiguration(SECTION);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return readSettings((k) => cfg.get(k), { userHome: nodeProbe().homedir, workspaceFolder: folder }, process.env);
  }

  private log(line: string): void {
    this.output.appendLine(`[extension] ${line}`);
  }

  /** The command line for `ironclaw4j <sub>`, or an error message saying what is missing. */
  resolveCommand(sub: 'lsp' | 'mcp'): ServerCommand | { error: string } {
    const settings = this.settings();
    const probe = nodeProbe();
    const java = findJava(settings.javaHome, probe);
    if (!java.ok) {
      return { error: java.message };
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const location = locateServer(settings.serverPath, folders, probe);
    if (location.kind === 'error') {
      return { error: location.message };
    }
    this.java = java;
    return serverCommand(location, java, sub, { home: settings.home, vaultPassphrase: sub === 'lsp' ? this.vaultPassphrase : undefined });
  }

  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.setState({ kind: 'starting' });
    const cmd = this.resolveCommand('lsp');
    if ('error' in cmd) {
      this.log(cmd.error);
      this.setState({ kind: 'error', message: cmd.error });
      void this.offerFix(cmd.error);
      return;
    }
    this.log(`Java ${this.java?.version} at ${this.java?.home} (from ${this.java?.source})`);
    if (this.java?.warning) {
      this.log(this.java.warning);
    }
    this.log(`starting: ${describeCommand(cmd)}`);
    const serverOptions: ServerOptions = {
      command: cmd.command,
      args: cmd.args,
      options: { env: { ...process.env, ...cmd.env }, cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      outputChannel: this.output,
      // Approvals as ironclaw/approvalRequest (inline buttons), not window/showMessageRequest.
      initializationOptions: { approvals: 'request' },
      // The server's stderr (its log, already redacted by the server) goes to the same channel.
      initializationFailedHandler: (error) => {
        this.log(`initialization failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
    };
    const client = new LanguageClient(SECTION, 'ironclaw4j', serverOptions, clientOptions);
    this.client = client;
    client.onNotification(Methods.chatDelta, (p: ChatDelta) => this.hooks.onChatEvent({ ...p, kind: 'delta' }));
    client.onNotification(Methods.chatToolCall, (p: ChatToolCall) => this.hooks.onChatEvent({ ...p, kind: 'toolCall' }));
    client.onNotification(Methods.chatToolResult, (p: ChatToolResult) => this.hooks.onChatEvent({ ...p, kind: 'toolResult' }));
    client.onNotification(Methods.chatPlan, (p: ChatPlan) => this.hooks.onChatEvent({ ...p, kind: 'plan' }));
    client.onNotification(Methods.chatDone, (p: ChatDone) => this.hooks.onChatEvent({ ...p, kind: 'done' }));
    client.onRequest(Methods.approvalRequest, (params: unknown, token: vscode.CancellationToken) => this.hooks.onApprovalRequest(params, token));
    client.onDidChangeState((e) => {
      if (this.client !== client) {
        return;
      }
      if (e.newState === State.Stopped && this.stateValue.kind !== 'error') {
        this.setState({ kind: 'stopped' });
      } else if (e.newState === State.Starting) {
        this.setState({ kind: 'starting' });
      } else if (e.newState === State.Running && !this.starting) {
        // The client restarted a crashed server by itself: read its state again.
        void this.refreshStatus();
      }
    });
    try {
      await client.start();
    } catch (e) {
      const message = `the server did not start: ${e instanceof Error ? e.message : String(e)}. See the ironclaw4j output for its log.`;
      this.log(message);
      if (this.client === client) {
        this.setState({ kind: 'error', message });
        void this.offerFix(message);
      }
      return;
    }
    this.log('server ready');
    await this.refreshStatus();
    this.statusTimer ??= setInterval(() => void this.refreshStatus(), 60_000);
  }

  async refreshStatus(): Promise<StatusResult | undefined> {
    const client = this.client;
    if (!client || !client.isRunning()) {
      return undefined;
    }
    try {
      const status = await client.sendRequest<StatusResult>(Methods.status);
      this.setState(readyState(status));
      return status;
    } catch (e) {
      this.log(`ironclaw/status failed: ${e instanceof Error ? e.message : String(e)}`);
      if (this.stateValue.kind === 'starting') {
        this.setState(readyState(undefined));
      }
      return undefined;
    }
  }

  private async offerFix(message: string): Promise<void> {
    const pick = await vscode.window.showErrorMessage(`ironclaw4j: ${message}`, 'Open Settings', 'Show Log');
    if (pick === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
    } else if (pick === 'Show Log') {
      this.output.show(true);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.log(`stop: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.setState({ kind: 'stopped' });
  }

  async restart(): Promise<void> {
    if (this.starting) {
      await this.starting;
    }
    await this.stop();
    await this.start();
  }

  /** Restarts the server with the vault passphrase in its environment (memory only, never stored). */
  async unlockWith(passphrase: string): Promise<void> {
    this.vaultPassphrase = passphrase;
    await this.restart();
  }

  private running(): LanguageClient {
    const c = this.client;
    if (!c || !c.isRunning()) {
      throw new ServerNotRunningError(this.stateValue);
    }
    return c;
  }

  /**
   * Sends an ironclaw/* request. Parameterless methods are sent without params (lsp4j methods without a
   * parameter complain about any), and an absent token is not passed on (vscode-jsonrpc would send it
   * as an extra positional parameter).
   */
  request<R>(method: string, params?: object, token?: vscode.CancellationToken): Promise<R> {
    const client = this.running();
    if (params === undefined) {
      return token ? client.sendRequest<R>(method, token) : client.sendRequest<R>(method);
    }
    return token ? client.sendRequest<R>(method, params, token) : client.sendRequest<R>(method, params);
  }

  /**
   * Sends a request that carries a secret value with the LSP message trace switched off, so the value
   * never lands in the trace output even when `ironclaw4j.trace.server` is verbose.
   */
  async requestWithSecret<R>(method: string, params: object): Promise<R> {
    const client = this.running();
    const trace = this.settings().trace;
    if (trace !== 'off') {
      await client.setTrace(Trace.Off);
    }
    try {
      return await client.sendRequest<R>(method, params);
    } finally {
      if (trace !== 'off') {
        await client.setTrace(trace === 'verbose' ? Trace.Verbose : Trace.Messages);
      }
    }
  }

  languageClient(): LanguageClient {
    return this.running();
  }

  dispose(): void {
    if (this.statusTimer) {
      clearInterval(this.statusTimer);
      this.statusTimer = undefined;
    }
    void this.stop();
    this.stateEmitter.dispose();
  }
}
