// The chat as a webview panel: works in every VS Code (and code-server), streams the answer, shows tool
// calls and asks approvals inline with buttons.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { answerFromWebview } from '../approval';
import { Methods, type ApprovalAnswer, type ApprovalRequest, type ChatEvent, type ChatStartResult } from '../protocol';
import type { ServerController } from '../server';
import { ChatModel, ChatRouter, type Item } from './model';
import { renderItem } from './render';

type FromWebview =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'cancel' }
  | { type: 'newChat' }
  | { type: 'approval'; id: string; answer: string };

export const MAX_PROMPT = 100_000;

export class ChatPanel implements vscode.Disposable {
  static readonly viewType = 'ironclaw4j.chat';
  private static current: ChatPanel | undefined;

  private model = new ChatModel();
  private sessionId: string | undefined;
  private readonly approvals = new Map<string, { request: ApprovalRequest; resolve: (a: ApprovalAnswer) => void }>();
  private readonly disposables: vscode.Disposable[] = [];
  private pendingUpserts = new Map<string, Item>();
  private flushTimer: NodeJS.Timeout | undefined;

  static show(context: vscode.ExtensionContext, server: ServerController, router: ChatRouter): ChatPanel {
    if (ChatPanel.current) {
      ChatPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      return ChatPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(ChatPanel.viewType, 'ironclaw4j Chat', vscode.ViewColumn.Beside, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    ChatPanel.current = new ChatPanel(panel, context, server, router);
    return ChatPanel.current;
  }

  /** The open panel while one of its turns is running: approvals then go inline. */
  static activeTurnPanel(): ChatPanel | undefined {
    const p = ChatPanel.current;
    return p && p.model.activeTurn !== undefined ? p : undefined;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly server: ServerController,
    private readonly router: ChatRouter,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    panel.webview.html = this.html(context);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
    );
  }

  private html(context: vscode.ExtensionContext): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const css = webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'chat.css'));
    const js = webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'chat.js'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>ironclaw4j Chat</title>
</head>
<body>
<main id="transcript" aria-live="polite"></main>
<form id="composer">
  <textarea id="prompt" rows="3" placeholder="Ask ironclaw4j… (Enter to send, Shift+Enter for a new line)" aria-label="Prompt"></textarea>
  <div class="actions">
    <button type="button" id="new" class="secondary" title="Start a new chat session">New chat</button>
    <button type="button" id="cancel" class="secondary" disabled>Stop</button>
    <button type="submit" id="send">Send</button>
  </div>
</form>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
  }

  private post(message: unknown): void {
    void this.panel.webview.postMessage(message);
  }

  private upsert(items: Item[]): void {
    for (const i of items) {
      this.pendingUpserts.set(i.id, i);
    }
    // Coalesce bursts of deltas into one message per frame or so.
    this.flushTimer ??= setTimeout(() => this.flush(), 16);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const items = [...this.pendingUpserts.values()];
    this.pendingUpserts.clear();
    if (items.length) {
      this.post({ type: 'upsert', items: items.map((i) => ({ id: i.id, html: renderItem(i) })) });
    }
  }

  private setBusy(): void {
    this.post({ type: 'busy', busy: this.model.activeTurn !== undefined });
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.post({ type: 'reset', items: this.model.items.map((i) => ({ id: i.id, html: renderItem(i) })) });
        this.setBusy();
        return;
      case 'send':
        return this.send(typeof m.text === 'string' ? m.text : '');
      case 'cancel':
        return this.cancel();
      case 'newChat':
        if (this.model.activeTurn) {
          await this.cancel();
        }
        this.denyAllPending();
        this.model = new ChatModel();
        this.sessionId = undefined;
        this.post({ type: 'reset', items: [] });
        this.setBusy();
        return;
      case 'approval': {
        const pending = this.approvals.get(m.id);
        if (!pending) {
          return;
        }
        const answer = answerFromWebview(m.answer, pending.request);
        this.approvals.delete(m.id);
        const item = this.model.answerApproval(m.id, answer);
        if (item) {
          this.upsert([item]);
        }
        pending.resolve(answer);
        return;
      }
    }
  }

  async send(text: string): Promise<void> {
    const prompt = text.trim();
    if (!prompt || this.model.activeTurn) {
      return;
    }
    if (prompt.length > MAX_PROMPT) {
      this.upsert([this.model.addNotice('error', `The prompt is too long (${prompt.length} characters; at most ${MAX_PROMPT}).`)]);
      return;
    }
    this.upsert([this.model.addUser(prompt)]);
    let started: ChatStartResult;
    try {
      this.model.activeTurn = 'pending';
      this.setBusy();
      started = await this.server.request<ChatStartResult>(Methods.chatStart, { sessionId: this.sessionId, prompt });
    } catch (e) {
      this.model.activeTurn = undefined;
      this.upsert([this.model.addNotice('error', e instanceof Error ? e.message : String(e))]);
      this.setBusy();
      return;
    }
    this.sessionId = started.sessionId;
    this.model.startTurn(started.turnId);
    this.setBusy();
    const model = this.model;
    this.router.claim(started.turnId, (event: ChatEvent) => {
      if (model !== this.model) {
        return;
      }
      this.upsert(model.apply(event));
      if (event.kind === 'done') {
        this.denyAllPending();
        this.setBusy();
      }
    });
  }

  private async cancel(): Promise<void> {
    const turnId = this.model.activeTurn;
    this.denyAllPending();
    if (turnId && turnId !== 'pending') {
      try {
        await this.server.request(Methods.chatCancel, { turnId });
      } catch (e) {
        this.upsert([this.model.addNotice('error', `Could not stop the turn: ${e instanceof Error ? e.message : String(e)}`)]);
      }
    }
  }

  /** Shows the approval inline and waits for a button; a cancelled request or closed panel denies. */
  askApproval(request: ApprovalRequest, token: vscode.CancellationToken): Promise<ApprovalAnswer> {
    const item = this.model.addApproval(request);
    this.upsert([item]);
    this.panel.reveal(undefined, false);
    return new Promise<ApprovalAnswer>((resolve) => {
      const sub = token.onCancellationRequested(() => settle('deny'));
      const settle = (answer: ApprovalAnswer) => {
        sub.dispose();
        if (this.approvals.delete(item.id)) {
          const changed = this.model.answerApproval(item.id, answer);
          if (changed) {
            this.upsert([changed]);
          }
        }
        resolve(answer);
      };
      this.approvals.set(item.id, { request, resolve: settle });
    });
  }

  private denyAllPending(): void {
    for (const [, p] of [...this.approvals]) {
      p.resolve('deny');
    }
  }

  dispose(): void {
    if (ChatPanel.current === this) {
      ChatPanel.current = undefined;
    }
    this.denyAllPending();
    const turnId = this.model.activeTurn;
    if (turnId && turnId !== 'pending') {
      this.router.release(turnId);
      this.server.request(Methods.chatCancel, { turnId }).catch(() => undefined);
    }
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
    }
    for (const d of this.disposables) {
      d.dispose();
    }
    this.panel.dispose();
  }
}
