// The chat in VS Code's own Chat view (@ironclaw), where the chat participant API exists. Approvals go
// through a modal dialog there; the webview panel is the fallback that works everywhere.
import * as vscode from 'vscode';
import { Methods, type ChatEvent, type ChatStartResult } from '../protocol';
import type { ServerController } from '../server';
import { ChatModel, ChatRouter, lastSessionId, type Metadata } from './model';

export function registerParticipant(context: vscode.ExtensionContext, server: ServerController, router: ChatRouter): boolean {
  const chat = (vscode as { chat?: typeof vscode.chat }).chat;
  if (!chat || typeof chat.createChatParticipant !== 'function') {
    return false;
  }
  const participant = chat.createChatParticipant('ironclaw4j.agent', async (request, ctx, stream, token) => {
    const sessionId = lastSessionId(ctx.history);
    let started: ChatStartResult;
    try {
      started = await server.request<ChatStartResult>(Methods.chatStart, { sessionId, prompt: request.prompt }, token);
    } catch (e) {
      return { errorDetails: { message: e instanceof Error ? e.message : String(e) } };
    }
    const model = new ChatModel();
    model.startTurn(started.turnId);
    const cancelSub = token.onCancellationRequested(() => {
      server.request(Methods.chatCancel, { turnId: started.turnId }).catch(() => undefined);
    });
    try {
      await new Promise<void>((resolve) => {
        router.claim(started.turnId, (event: ChatEvent) => {
          for (const item of model.apply(event)) {
            if (item.kind === 'tool') {
              if (item.state === 'running') {
                stream.progress(`Running tool ${item.tool}…`);
              } else {
                stream.markdown(`\n\n> ${item.state === 'ok' ? '✔' : '✘'} \`${item.tool}\`${item.summary ? `: ${item.summary.replace(/\n/g, ' ')}` : ''}\n\n`);
              }
            } else if (item.kind === 'plan') {
              stream.markdown(`\n\n**Plan**\n\n${item.steps.map((st, i) => `${i + 1}. ${st}`).join('\n')}\n\n`);
            } else if (item.kind === 'notice') {
              stream.markdown(`\n\n_${item.text}_\n`);
            } else if (item.kind === 'assistant' && !item.open && event.kind === 'done' && item.text === event.text) {
              stream.markdown(item.text);
            }
          }
          if (event.kind === 'delta') {
            stream.markdown(event.text);
          }
          if (event.kind === 'done') {
            resolve();
          }
        });
      });
    } finally {
      cancelSub.dispose();
      router.release(started.turnId);
    }
    return { metadata: { sessionId: started.sessionId } satisfies Metadata };
  });
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
  context.subscriptions.push(participant);
  return true;
}
