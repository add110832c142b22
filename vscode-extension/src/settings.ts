// The extension's settings, read through a getter so they are tested without VS Code. Secret values are
// never settings: the vault passphrase and stored secrets only ever live in memory on their way to the
// server.
import * as path from 'path';

export interface Settings {
  readonly serverPath: string;
  readonly javaHome: string;
  readonly home: string;
  readonly mcpRegister: boolean;
  readonly trace: 'off' | 'messages' | 'verbose';
}

export const SECTION = 'ironclaw4j';

/** Settings whose change needs a server restart. */
export const RESTART_KEYS = ['server.path', 'java.home', 'home'] as const;

export interface Vars {
  readonly userHome: string;
  readonly workspaceFolder?: string;
}

/** Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a path setting. */
export function expandPath(value: string, vars: Vars, env: Readonly<Record<string, string | undefined>> = {}): string {
  let v = value.trim();
  if (!v) {
    return '';
  }
  v = v.replace(/\$\{userHome\}/g, vars.userHome);
  v = v.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
  if (vars.workspaceFolder !== undefined) {
    v = v.replace(/\$\{workspaceFolder\}/g, vars.workspaceFolder);
  }
  if (v === '~') {
    return vars.userHome;
  }
  if (v.startsWith('~/') || v.startsWith('~\\')) {
    return path.join(vars.userHome, v.slice(2));
  }
  return v;
}

export type Getter = (key: string) => unknown;

function str(get: Getter, key: string): string {
  const v = get(key);
  return typeof v === 'string' ? v : '';
}

export function readSettings(get: Getter, vars: Vars, env: Readonly<Record<string, string | undefined>> = {}): Settings {
  const trace = get('trace.server');
  return {
    serverPath: expandPath(str(get, 'server.path'), vars, env),
    javaHome: expandPath(str(get, 'java.home'), vars, env),
    home: expandPath(str(get, 'home'), vars, env),
    mcpRegister: get('mcp.register') !== false,
    trace: trace === 'messages' || trace === 'verbose' ? trace : 'off',
  };
}

/** Whether a configuration change touches a setting that needs the server restarted. */
export function needsRestart(affects: (section: string) => boolean): boolean {
  return RESTART_KEYS.some((k) => affects(`${SECTION}.${k}`));
}
