// What the status bar item shows for each server state. Pure; the VS Code side only copies the fields.
import type { StatusResult } from './protocol';

export type VaultState = 'unlocked' | 'locked' | 'absent' | 'unknown';

export type ServerState =
  | { readonly kind: 'starting' }
  | {
      readonly kind: 'ready';
      readonly vault: VaultState;
      readonly version?: string;
      readonly model?: string;
      readonly tools?: number;
      /** False when the server runs without the agent (no chat); undefined when it does not say. */
      readonly agent?: boolean;
      readonly database?: string;
    }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'stopped' };

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  /** The accessible label; also what the end-to-end tests look for. */
  readonly label: string;
  readonly background?: 'warning' | 'error';
}

function lower(v: unknown): string {
  return typeof v === 'string' ? v.trim().toLowerCase() : '';
}

/** Reads the vault field of `ironclaw/status` leniently: a word, or an object with a state / flags. */
export function vaultState(vault: unknown): VaultState {
  if (typeof vault === 'boolean') {
    return vault ? 'unlocked' : 'locked';
  }
  let word = lower(vault);
  if (!word && vault && typeof vault === 'object') {
    const o = vault as Record<string, unknown>;
    if (o['initialized'] === false || o['exists'] === false) {
      return 'absent';
    }
    if (typeof o['locked'] === 'boolean') {
      return o['locked'] ? 'locked' : 'unlocked';
    }
    if (typeof o['unlocked'] === 'boolean') {
      return o['unlocked'] ? 'unlocked' : 'locked';
    }
    word = lower(o['state'] ?? o['status']);
  }
  if (['unlocked', 'open', 'ready'].includes(word)) {
    return 'unlocked';
  }
  if (word === 'locked') {
    return 'locked';
  }
  if (['absent', 'none', 'missing', 'uninitialized', 'not_initialized', 'not initialized', 'not-initialized'].includes(word)) {
    return 'absent';
  }
  return 'unknown';
}

function modelName(model: unknown): string | undefined {
  if (typeof model === 'boolean') {
    return model ? 'configured' : undefined;
  }
  if (typeof model === 'string') {
    return model || undefined;
  }
  if (model && typeof model === 'object') {
    const o = model as Record<string, unknown>;
    const name = o['name'] ?? o['model'] ?? o['id'];
    return typeof name === 'string' && name ? name : undefined;
  }
  return undefined;
}

function toolCount(tools: unknown): number | undefined {
  if (typeof tools === 'number') {
    return tools;
  }
  if (Array.isArray(tools)) {
    return tools.length;
  }
  if (tools && typeof tools === 'object') {
    const c = (tools as Record<string, unknown>)['count'];
    return typeof c === 'number' ? c : undefined;
  }
  return undefined;
}

export function readyState(status: StatusResult | undefined): ServerState {
  return {
    kind: 'ready',
    vault: vaultState(status?.vault),
    version: typeof status?.version === 'string' ? status.version : undefined,
    model: modelName(status?.model),
    tools: toolCount(status?.tools),
    agent: typeof status?.agent === 'boolean' ? status.agent : undefined,
    database: typeof status?.database === 'string' ? status.database : undefined,
  };
}

export function statusView(state: ServerState): StatusView {
  switch (state.kind) {
    case 'starting':
      return { text: '$(sync~spin) ironclaw4j', tooltip: 'ironclaw4j: starting the server…', label: 'ironclaw4j: starting' };
    case 'stopped':
      return { text: '$(circle-slash) ironclaw4j', tooltip: 'ironclaw4j: the server is stopped. Click for actions.', label: 'ironclaw4j: stopped' };
    case 'error':
      return {
        text: '$(error) ironclaw4j',
        tooltip: `ironclaw4j: ${state.message}\nClick for actions.`,
        label: 'ironclaw4j: error',
        background: 'error',
      };
    case 'ready': {
      const details = [
        state.version ? `server ${state.version}` : undefined,
        state.model ? `model ${state.model}` : 'no model configured',
        state.tools !== undefined ? `${state.tools} tools` : undefined,
        `vault ${state.vault}`,
        state.database ? `database ${state.database}` : undefined,
        state.agent === false ? 'no agent (chat unavailable)' : undefined,
      ].filter(Boolean);
      if (state.vault === 'absent') {
        return {
          text: '$(shield) ironclaw4j',
          tooltip: `ironclaw4j: ready, but there is no vault yet: run 'ironclaw4j vault init' to store secrets.\n${details.join(' · ')}`,
          label: 'ironclaw4j: ready',
        };
      }
      if (state.vault === 'locked') {
        return {
          text: '$(lock) ironclaw4j: vault locked',
          tooltip: `ironclaw4j: ready, but the vault is locked: secrets cannot be stored or used. Click to unlock.\n${details.join(' · ')}`,
          label: 'ironclaw4j: vault locked',
          background: 'warning',
        };
      }
      return {
        text: '$(shield) ironclaw4j',
        tooltip: `ironclaw4j: ready\n${details.join(' · ')}\nClick for actions.`,
        label: 'ironclaw4j: ready',
      };
    }
  }
}
