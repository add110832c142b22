// The ironclaw/* methods of `ironclaw4j lsp`, beside standard LSP. Names are fixed by the server; shapes
// are read leniently (unknown fields ignored, missing optional fields tolerated), as the server may add
// fields at the end.

export const Methods = {
  chatStart: 'ironclaw/chat/start',
  chatCancel: 'ironclaw/chat/cancel',
  chatDelta: 'ironclaw/chat/delta',
  chatToolCall: 'ironclaw/chat/toolCall',
  chatToolResult: 'ironclaw/chat/toolResult',
  chatPlan: 'ironclaw/chat/plan',
  chatDone: 'ironclaw/chat/done',
  approvalRequest: 'ironclaw/approvalRequest',
  toolsList: 'ironclaw/tools/list',
  toolsCall: 'ironclaw/tools/call',
  toolsBuild: 'ironclaw/tools/build',
  vaultList: 'ironclaw/vault/list',
  vaultSet: 'ironclaw/vault/set',
  auditQuery: 'ironclaw/audit/query',
  memorySearch: 'ironclaw/memory/search',
  status: 'ironclaw/status',
} as const;

export interface ChatStartParams {
  sessionId?: string;
  prompt: string;
}
export interface ChatStartResult {
  sessionId: string;
  turnId: string;
}
export interface ChatDelta {
  turnId: string;
  text: string;
}
export interface ChatToolCall {
  turnId: string;
  callId: string;
  tool: string;
  input: unknown;
}
export interface ChatToolResult {
  turnId: string;
  callId: string;
  tool: string;
  ok: boolean;
  summary: string;
}
export interface ChatPlan {
  turnId: string;
  steps: string[];
}
export interface ChatDone {
  turnId: string;
  status: string;
  text: string;
}

export interface ApprovalRequest {
  tool: string;
  inputSummary: string;
  effects: string[];
  why: string;
  mayRemember: boolean;
}
export type ApprovalAnswer = 'deny' | 'allow_once' | 'allow_session';
export interface ApprovalResponse {
  answer: ApprovalAnswer;
}

export interface ToolInfo {
  name: string;
  description: string;
  effects: string[];
  source: string;
  [extra: string]: unknown;
}
export interface ToolsListResult {
  tools: ToolInfo[];
}

export interface VaultSecret {
  name: string;
  bindings: unknown;
  lastUsed?: string | null;
  [extra: string]: unknown;
}
export interface VaultSetParams {
  name: string;
  value: string;
  bind?: string[];
  inject?: string;
}

export interface StatusResult {
  version?: string;
  vault?: unknown;
  model?: unknown;
  tools?: unknown;
  [extra: string]: unknown;
}

/** The chat events of one turn, as the server streams them. */
export type ChatEvent =
  | ({ kind: 'delta' } & ChatDelta)
  | ({ kind: 'toolCall' } & ChatToolCall)
  | ({ kind: 'toolResult' } & ChatToolResult)
  | ({ kind: 'plan' } & ChatPlan)
  | ({ kind: 'done' } & ChatDone);
