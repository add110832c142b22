// The transcript of a chat, built from the server's streamed events. Pure and shared: the extension host
// keeps one per panel, the webview rebuilds the same from the events it is sent, and the chat
// participant uses it to know what it has already streamed.
import type { ApprovalAnswer, ApprovalRequest, ChatEvent } from '../protocol';

export type Item =
  | { readonly id: string; readonly kind: 'user'; text: string }
  | { readonly id: string; readonly kind: 'assistant'; readonly turnId: string; text: string; open: boolean }
  | {
      readonly id: string;
      readonly kind: 'tool';
      readonly turnId: string;
      readonly callId: string;
      readonly tool: string;
      readonly input: string;
      state: 'running' | 'ok' | 'failed';
      summary: string;
    }
  | { readonly id: string; readonly kind: 'plan'; readonly turnId: string; steps: string[] }
  | { readonly id: string; readonly kind: 'approval'; readonly request: ApprovalRequest; answer?: ApprovalAnswer }
  | { readonly id: string; readonly kind: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly text: string };

export const MAX_TOOL_INPUT = 4000;

/** A tool call's input as readable text, bounded. */
export function formatToolInput(input: unknown): string {
  let s: string;
  if (typeof input === 'string') {
    s = input;
  } else {
    try {
      s = JSON.stringify(input, null, 2) ?? String(input);
    } catch {
      s = String(input);
    }
  }
  return s.length > MAX_TOOL_INPUT ? `${s.slice(0, MAX_TOOL_INPUT)}… (${s.length - MAX_TOOL_INPUT} more characters)` : s;
}

/** A status from `ironclaw/chat/done` (completed, no_model, …) in one spelling. */
export function normalizeStatus(status: unknown): string {
  return typeof status === 'string' ? status.trim().toLowerCase().replace(/[\s-]+/g, '_') : 'failed';
}

const STATUS_TEXT: Record<string, string> = {
  cancelled: 'Cancelled.',
  budget_exhausted: 'Stopped: the step or token budget ran out.',
  stuck: 'Stopped: the same tool call kept repeating without progress.',
  no_model: 'No model is configured.',
  failed: 'The turn failed.',
};

export class ChatModel {
  readonly items: Item[] = [];
  private seq = 0;
  private readonly turns = new Map<string, { streamed: string; done: boolean }>();
  activeTurn: string | undefined;

  private nextId(prefix: string): string {
    return `${prefix}-${++this.seq}`;
  }

  addUser(text: string): Item {
    const item: Item = { id: this.nextId('u'), kind: 'user', text };
    this.items.push(item);
    return item;
  }

  addNotice(level: 'info' | 'warning' | 'error', text: string): Item {
    const item: Item = { id: this.nextId('n'), kind: 'notice', level, text };
    this.items.push(item);
    return item;
  }

  startTurn(turnId: string): void {
    this.turns.set(turnId, { streamed: '', done: false });
    this.activeTurn = turnId;
  }

  isDone(turnId: string): boolean {
    return this.turns.get(turnId)?.done ?? false;
  }

  addApproval(request: ApprovalRequest): Item & { kind: 'approval' } {
    const item = { id: this.nextId('a'), kind: 'approval' as const, request };
    this.items.push(item);
    return item;
  }

  answerApproval(id: string, answer: ApprovalAnswer): Item | undefined {
    const item = this.items.find((i) => i.id === id);
    if (item && item.kind === 'approval' && item.answer === undefined) {
      item.answer = answer;
      return item;
    }
    return undefined;
  }

  /** Applies one event of a turn; returns the items that changed (for incremental rendering). */
  apply(event: ChatEvent): Item[] {
    const turn = this.turns.get(event.turnId);
    if (!turn || turn.done) {
      return [];
    }
    switch (event.kind) {
      case 'delta': {
        if (!event.text) {
          return [];
        }
        turn.streamed += event.text;
        const last = this.items[this.items.length - 1];
        if (last && last.kind === 'assistant' && last.turnId === event.turnId && last.open) {
          last.text += event.text;
          return [last];
        }
        const item: Item = { id: this.nextId('m'), kind: 'assistant', turnId: event.turnId, text: event.text, open: true };
        this.items.push(item);
        return [item];
      }
      case 'toolCall': {
        const changed = this.closeOpenText(event.turnId);
        const item: Item = {
          id: this.nextId('t'),
          kind: 'tool',
          turnId: event.turnId,
          callId: event.callId,
          tool: event.tool,
          input: formatToolInput(event.input),
          state: 'running',
          summary: '',
        };
        this.items.push(item);
        return [...changed, item];
      }
      case 'plan': {
        const steps = (Array.isArray(event.steps) ? event.steps : []).filter((x): x is string => typeof x === 'string').slice(0, 50);
        const existing = this.items.find((i) => i.kind === 'plan' && i.turnId === event.turnId);
        if (existing && existing.kind === 'plan') {
          existing.steps = steps;
          return [existing];
        }
        const changed = this.closeOpenText(event.turnId);
        const item: Item = { id: this.nextId('p'), kind: 'plan', turnId: event.turnId, steps };
        this.items.push(item);
        return [...changed, item];
      }
      case 'toolResult': {
        const item = this.items.find((i) => i.kind === 'tool' && i.turnId === event.turnId && i.callId === event.callId);
        if (item && item.kind === 'tool') {
          item.state = event.ok ? 'ok' : 'failed';
          item.summary = event.summary ?? '';
          return [item];
        }
        const orphan: Item = {
          id: this.nextId('t'),
          kind: 'tool',
          turnId: event.turnId,
          callId: event.callId,
          tool: event.tool,
          input: '',
          state: event.ok ? 'ok' : 'failed',
          summary: event.summary ?? '',
        };
        this.items.push(orphan);
        return [orphan];
      }
      case 'done': {
        turn.done = true;
        if (this.activeTurn === event.turnId) {
          this.activeTurn = undefined;
        }
        const changed = this.closeOpenText(event.turnId);
        const status = normalizeStatus(event.status);
        const text = event.text ?? '';
        if (status === 'completed') {
          // The final text repeats what was streamed; show it only if nothing (or less) arrived.
          if (text && !turn.streamed.trim()) {
            const item: Item = { id: this.nextId('m'), kind: 'assistant', turnId: event.turnId, text, open: false };
            this.items.push(item);
            changed.push(item);
          }
          return changed;
        }
        const level = status === 'cancelled' ? 'info' : status === 'no_model' || status === 'budget_exhausted' || status === 'stuck' ? 'warning' : 'error';
        const notice = text.trim() ? text : (STATUS_TEXT[status] ?? `The turn ended: ${status}.`);
        changed.push(this.addNotice(level, notice));
        return changed;
      }
    }
  }

  private closeOpenText(turnId: string): Item[] {
    const changed: Item[] = [];
    for (const i of this.items) {
      if (i.kind === 'assistant' && i.turnId === turnId && i.open) {
        i.open = false;
        changed.push(i);
      }
    }
    return changed;
  }
}

/**
 * Routes chat notifications to whoever started the turn. Events that arrive before the start request's
 * answer (the server may stream at once) are held, bounded, until the turn is claimed.
 */
export class ChatRouter {
  private readonly sinks = new Map<string, (e: ChatEvent) => void>();
  private readonly pending = new Map<string, ChatEvent[]>();
  static readonly MAX_PENDING_TURNS = 16;
  static readonly MAX_PENDING_EVENTS = 2000;

  claim(turnId: string, sink: (e: ChatEvent) => void): void {
    this.sinks.set(turnId, sink);
    const held = this.pending.get(turnId);
    this.pending.delete(turnId);
    for (const e of held ?? []) {
      this.deliver(sink, e);
    }
  }

  release(turnId: string): void {
    this.sinks.delete(turnId);
    this.pending.delete(turnId);
  }

  dispatch(event: ChatEvent): void {
    const sink = this.sinks.get(event.turnId);
    if (sink) {
      this.deliver(sink, event);
      return;
    }
    let held = this.pending.get(event.turnId);
    if (!held) {
      if (this.pending.size >= ChatRouter.MAX_PENDING_TURNS) {
        const oldest = this.pending.keys().next().value;
        if (oldest !== undefined) {
          this.pending.delete(oldest);
        }
      }
      held = [];
      this.pending.set(event.turnId, held);
    }
    if (held.length < ChatRouter.MAX_PENDING_EVENTS) {
      held.push(event);
    }
  }

  private deliver(sink: (e: ChatEvent) => void, event: ChatEvent): void {
    sink(event);
    if (event.kind === 'done') {
      this.sinks.delete(event.turnId);
    }
  }
}

export interface Metadata {
  sessionId?: string;
}

/** The session to resume: the one the last answer of this participant in the same chat recorded. */
export function lastSessionId(history: ReadonlyArray<unknown>): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i] as { result?: { metadata?: Metadata } };
    const id = turn?.result?.metadata?.sessionId;
    if (typeof id === 'string' && id) {
      return id;
    }
  }
  return undefined;
}
