// Text shown for tools, audit records, memory hits, vault secrets and build results. Pure, lenient about
// the shapes the server sends (known fields first, anything else after).
import { effectText } from './approval';
import type { ToolInfo, VaultSecret } from './protocol';

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MIN_SECRET_BYTES = 8;
export const MAX_SECRET_BYTES = 64 * 1024;

/** Why a secret name is refused, or undefined when it is fine (mirrors the vault's own rule). */
export function validateSecretName(name: string): string | undefined {
  if (!name) {
    return 'A name is required.';
  }
  return SECRET_NAME.test(name) ? undefined : '1–64 letters, digits or underscores, starting with a letter or underscore.';
}

/** Why a secret value is refused, or undefined. The value itself is never part of the message. */
export function validateSecretValue(value: string): string | undefined {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    return `At least ${MIN_SECRET_BYTES} bytes (a shorter value cannot be reliably kept out of logs).`;
  }
  if (bytes > MAX_SECRET_BYTES) {
    return 'At most 64 KiB.';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    return 'No line breaks or other control characters (they could inject HTTP headers).';
  }
  return undefined;
}

/** Why a binding (`URL [METHODS]`) is refused, or undefined. */
export function validateBinding(binding: string): string | undefined {
  const b = binding.trim();
  if (!b) {
    return undefined;
  }
  const [url, methods, ...rest] = b.split(/\s+/);
  if (rest.length) {
    return 'A URL pattern and optionally a comma list of methods, e.g. https://api.github.com/* GET,POST';
  }
  if (!/^https?:\/\/[^\s/]+/i.test(url)) {
    return 'The URL must start with https:// (or http://) and a host, e.g. https://api.github.com/*';
  }
  if (methods && !/^[A-Za-z]+(,[A-Za-z]+)*$/.test(methods)) {
    return 'Methods are a comma list such as GET,POST';
  }
  return undefined;
}

function asString(v: unknown): string {
  if (v === undefined || v === null) {
    return '';
  }
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function effectsOf(t: { effects?: unknown }): string[] {
  return Array.isArray(t.effects) ? t.effects.map((e) => String(e).toLowerCase()) : [];
}

/** A tool as a Markdown page. */
export function describeTool(tool: ToolInfo): string {
  const lines = [`# ${tool.name}`, '', tool.description || '_No description._', ''];
  const effects = effectsOf(tool);
  lines.push('## Effects', '');
  lines.push(...(effects.length ? effects.map((e) => `- \`${e}\`: ${effectText(e)}`) : ['- none: computes on its input only']));
  lines.push('', `**Source:** ${tool.source || 'unknown'}`, '');
  const known = new Set(['name', 'description', 'effects', 'source']);
  for (const [k, v] of Object.entries(tool)) {
    if (known.has(k) || v === undefined || v === null) {
      continue;
    }
    lines.push(`## ${k}`, '', '```json', JSON.stringify(v, null, 2), '```', '');
  }
  return lines.join('\n');
}

/** One line of a quick pick for a tool. */
export function toolPickItem(tool: ToolInfo): { label: string; description: string; detail: string } {
  const effects = effectsOf(tool);
  return {
    label: tool.name,
    description: `${tool.source || ''}${effects.length ? ` · ${effects.join(', ')}` : ''}`,
    detail: tool.description || '',
  };
}

const AUDIT_COLUMNS: Array<[string, string[]]> = [
  ['time', ['time', 'timestamp', 'ts', 'at', 'created']],
  ['channel', ['channel']],
  ['actor', ['actor', 'caller', 'who']],
  ['kind', ['kind', 'type']],
  ['subject', ['subject', 'tool', 'name']],
  ['decision', ['decision', 'approval']],
  ['outcome', ['outcome', 'result', 'status']],
];

/** Audit records as a plain-text table, newest first as the server sends them, then the other fields. */
export function formatAudit(records: unknown[], filter?: string): string {
  const header = `ironclaw4j audit log${filter ? ` — tool ${filter}` : ''} — ${records.length} record${records.length === 1 ? '' : 's'}`;
  if (!records.length) {
    return `${header}\n\nNo records.\n`;
  }
  const rows: string[][] = [];
  const extras: string[] = [];
  for (const r of records) {
    const o = (r && typeof r === 'object' ? r : { value: r }) as Record<string, unknown>;
    const used = new Set<string>();
    const row = AUDIT_COLUMNS.map(([, keys]) => {
      const k = keys.find((key) => o[key] !== undefined && o[key] !== null);
      if (k === undefined) {
        return '';
      }
      used.add(k);
      return asString(o[k]).replace(/\s+/g, ' ');
    });
    rows.push(row);
    const rest = Object.entries(o)
      .filter(([k, v]) => !used.has(k) && v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => `${k}=${asString(v)}`);
    extras.push(rest.join('  '));
  }
  // Columns no record fills are left out.
  const keep = AUDIT_COLUMNS.map((_, i) => rows.some((r) => r[i] !== ''));
  const titles = AUDIT_COLUMNS.map(([t]) => t).filter((_, i) => keep[i]);
  for (let r = 0; r < rows.length; r++) {
    rows[r] = rows[r].filter((_, i) => keep[i]);
  }
  const widths = titles.map((t, i) => Math.min(40, Math.max(t.length, ...rows.map((r) => r[i].length))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [header, '', fmt(titles), fmt(widths.map((w) => '-'.repeat(w)))];
  rows.forEach((r, i) => {
    out.push(fmt(r));
    if (extras[i]) {
      out.push(`    ${extras[i]}`);
    }
  });
  return `${out.join('\n')}\n`;
}

/** Memory search hits as Markdown. */
export function formatMemory(query: string, result: unknown): string {
  const o = (result && typeof result === 'object' ? result : {}) as Record<string, unknown>;
  const hits = Array.isArray(o['results']) ? o['results'] : Array.isArray(o['hits']) ? o['hits'] : Array.isArray(result) ? result : [];
  const lines = [`# Memory: “${query}”`, '', `${hits.length} result${hits.length === 1 ? '' : 's'}`, ''];
  for (const h of hits) {
    const x = (h && typeof h === 'object' ? h : { text: h }) as Record<string, unknown>;
    const span = typeof x['startLine'] === 'number' ? `:${x['startLine']}${typeof x['endLine'] === 'number' && x['endLine'] !== x['startLine'] ? `-${x['endLine']}` : ''}` : '';
    const title = asString(x['title'] ?? x['path'] ?? x['id'] ?? '') + span;
    const trust = typeof x['trust'] === 'string' && x['trust'] !== 'trusted' ? ` — ${x['trust']}` : '';
    const score = typeof x['score'] === 'number' ? ` (score ${x['score'].toFixed(3)})` : '';
    lines.push(`## ${title || 'untitled'}${score}${trust}`, '', asString(x['snippet'] ?? x['text'] ?? x['content'] ?? ''), '');
  }
  return lines.join('\n');
}

/** A vault secret as one quick-pick line: names and bindings only, never values. */
export function secretPickItem(s: VaultSecret): { label: string; description: string; detail: string } {
  const bindings = Array.isArray(s.bindings) ? s.bindings.map(asString).join(', ') : asString(s.bindings);
  return {
    label: s.name,
    description: s.lastUsed ? `last used ${asString(s.lastUsed)}` : 'never used',
    detail: bindings ? `bound to ${bindings}` : 'not bound to any destination (stored only)',
  };
}

export interface BuildDiagnostic {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface BuildSummary {
  ok: boolean;
  /** One line for the notification. */
  message: string;
  /** What the server said in full (for a toolsmith build: the capability summary), if anything. */
  details?: string;
  tool?: string;
  installed?: boolean;
  diagnostics: BuildDiagnostic[];
}

/**
 * Reads the answer of `ironclaw/tools/build` ({name, installed, message}; message is the capability
 * summary) into a notification line. `installRequested` tells a declined installation from a build-only
 * request.
 */
export function summarizeBuild(result: unknown, file: string, installRequested = true): BuildSummary {
  const o = (result && typeof result === 'object' ? result : {}) as Record<string, unknown>;
  const rawDiags = Array.isArray(o['diagnostics']) ? o['diagnostics'] : Array.isArray(o['errors']) ? o['errors'] : [];
  const diagnostics: BuildDiagnostic[] = rawDiags.map((d) => {
    const x = (d && typeof d === 'object' ? d : { message: d }) as Record<string, unknown>;
    const sev = asString(x['severity'] ?? x['kind'] ?? 'error').toLowerCase();
    return {
      line: typeof x['line'] === 'number' ? x['line'] : 1,
      column: typeof x['column'] === 'number' ? x['column'] : 1,
      message: asString(x['message'] ?? x['text'] ?? d),
      severity: sev.startsWith('warn') ? 'warning' : 'error',
    };
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const okField = o['ok'] ?? o['success'];
  const ok = typeof okField === 'boolean' ? okField : errors === 0;
  const toolObj = o['tool'] && typeof o['tool'] === 'object' ? (o['tool'] as Record<string, unknown>) : undefined;
  const tool = asString(toolObj?.['name'] ?? o['name'] ?? o['tool'] ?? '') || undefined;
  const details = asString(o['message'] ?? o['summary'] ?? '').trim() || undefined;
  const installed = o['installed'] === true;
  if (!ok) {
    const first = diagnostics.find((d) => d.severity === 'error');
    const why = details?.split('\n')[0] || (first ? `${file}:${first.line}: ${first.message}` : 'the build failed');
    return { ok, tool, installed, details, diagnostics, message: `Building ${tool ? `"${tool}"` : file} failed${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}: ${why}` };
  }
  const size = typeof o['wasmBytes'] === 'number' ? ` (${Math.round(o['wasmBytes'] / 1024)} KB)` : '';
  const name = tool ? `"${tool}"` : `from ${file}`;
  const message = installed
    ? `Built and installed tool ${name}${size}: it can be called now.`
    : installRequested
      ? `Built tool ${name}${size}, but it was not installed (the installation was declined).`
      : `Built tool ${name}${size} (not installed).`;
  return { ok, tool, installed, details, diagnostics, message };
}

/**
 * The compiler problems in a failed build's error message (`File.java:12:5: message` lines), for
 * diagnostics in the file that was built.
 */
export function problemsInMessage(message: string, fileName: string): BuildDiagnostic[] {
  const out: BuildDiagnostic[] = [];
  const base = fileName.replace(/^.*[\\/]/, '');
  for (const m of message.matchAll(/(?:^|[\s(])([^\s:()]+\.java):(\d+)(?::(\d+))?:?\s*(?:(error|warning):\s*)?([^\n]*)/gi)) {
    if (m[1].replace(/^.*[\\/]/, '') !== base) {
      continue;
    }
    out.push({ line: Number(m[2]), column: m[3] ? Number(m[3]) : 1, message: m[5].trim() || 'build problem', severity: m[4]?.toLowerCase() === 'warning' ? 'warning' : 'error' });
    if (out.length >= 100) {
      break;
    }
  }
  return out;
}

/** The answer of `ironclaw/tools/call` ({ok, output}) as text: the outcome, then the output as the model would see it. */
export function formatCallResult(tool: string, input: string, result: unknown): string {
  const o = (result && typeof result === 'object' ? result : {}) as Record<string, unknown>;
  const ok = o['ok'] === true;
  const output = typeof o['output'] === 'string' ? o['output'] : JSON.stringify(result, null, 2);
  return `${tool} ${input}\n${ok ? 'ok' : 'refused or failed'}\n\n${output}\n`;
}
