// Turning an `ironclaw/approvalRequest` from the server into a question for the human, and the human's
// choice back into an answer. Shared by the chat panel's inline buttons and the modal dialog.
import type { ApprovalAnswer, ApprovalRequest } from './protocol';

export interface ApprovalChoice {
  readonly label: string;
  readonly answer: ApprovalAnswer;
  readonly title: string;
}

const MAX_SUMMARY = 2000;

const EFFECT_TEXT: Record<string, string> = {
  network: 'sends or receives data over the network',
  read_private: 'reads your private data',
  write_files: 'changes files in the workspace',
  execute: 'runs programs',
  use_secret: 'uses a vault secret (by name)',
  destructive: 'deletes or irreversibly changes something',
};

/** A readable phrase for an effect name, whatever case the server sends it in. */
export function effectText(effect: string): string {
  return EFFECT_TEXT[effect.toLowerCase()] ?? effect.toLowerCase();
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Reads a request leniently: the dialog must never fail to show because a field is missing. */
export function normalizeApprovalRequest(raw: unknown): ApprovalRequest {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const effects = Array.isArray(r['effects']) ? r['effects'].filter((e): e is string => typeof e === 'string') : [];
  return {
    tool: typeof r['tool'] === 'string' && r['tool'] ? r['tool'] : '(unnamed tool)',
    inputSummary: clip(typeof r['inputSummary'] === 'string' ? r['inputSummary'] : '', MAX_SUMMARY),
    effects: effects.map((e) => e.toLowerCase()),
    why: typeof r['why'] === 'string' ? r['why'] : '',
    // Only an explicit true offers "for this session": a missing flag must not widen the grant.
    mayRemember: r['mayRemember'] === true,
  };
}

/** The buttons, in order. "For this session" only when the server allows remembering. */
export function approvalChoices(req: ApprovalRequest): ApprovalChoice[] {
  const choices: ApprovalChoice[] = [
    { label: 'Allow once', answer: 'allow_once', title: `Run ${req.tool} this one time` },
  ];
  if (req.mayRemember) {
    choices.push({
      label: 'Allow for this session',
      answer: 'allow_session',
      title: `Allow ${req.tool} without asking again until the chat session ends`,
    });
  }
  choices.push({ label: 'Deny', answer: 'deny', title: `Do not run ${req.tool}` });
  return choices;
}

/**
 * The answer for a clicked label. Anything else — a dismissed dialog, an unknown label, a session grant
 * the request did not allow — is a denial.
 */
export function answerForLabel(label: string | undefined, req: ApprovalRequest): ApprovalAnswer {
  const choice = approvalChoices(req).find((c) => c.label === label);
  return choice ? choice.answer : 'deny';
}

/** Validates an answer coming back from the webview. */
export function answerFromWebview(value: unknown, req: ApprovalRequest): ApprovalAnswer {
  if (value === 'allow_once') {
    return 'allow_once';
  }
  if (value === 'allow_session' && req.mayRemember) {
    return 'allow_session';
  }
  return 'deny';
}

/** The question as text: a title line and details for a modal dialog. */
export function approvalMessage(req: ApprovalRequest): { title: string; detail: string } {
  const lines: string[] = [];
  if (req.why) {
    lines.push(`Why: ${req.why}`);
  }
  if (req.effects.length) {
    lines.push(`It ${req.effects.map(effectText).join('; ')}.`);
  }
  if (req.inputSummary) {
    lines.push(`Input: ${req.inputSummary}`);
  }
  if (req.effects.includes('destructive')) {
    lines.push('Destructive calls ask every time.');
  }
  const install = /^install tool (\S+)$/.exec(req.tool);
  const title = install
    ? `Install the tool "${install[1]}" with exactly these capabilities?`
    : `ironclaw4j wants to run the tool "${req.tool}"`;
  return { title, detail: lines.join('\n') };
}
