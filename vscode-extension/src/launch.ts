// Where the ironclaw4j server is and how to start it. Pure: file checks go through a small probe.
import * as path from 'path';
import type { FoundJava } from './java';

export interface LaunchProbe {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  isFile(p: string): boolean;
  isDir(p: string): boolean;
}

export type ServerLocation =
  | { readonly kind: 'launcher'; readonly path: string; readonly origin: string }
  | { readonly kind: 'jar'; readonly path: string; readonly origin: string };

export interface LocateError {
  readonly kind: 'error';
  readonly message: string;
}

const JAR_IN_CHECKOUT = path.join('server', 'target', 'ironclaw4j.jar');
const LAUNCHER = 'ironclaw4j';

/** The server inside a checkout folder: its launcher (builds the jar when needed), else a built jar. */
export function inCheckout(dir: string, probe: LaunchProbe): ServerLocation | undefined {
  const launcher = path.join(dir, LAUNCHER);
  if (probe.platform !== 'win32' && probe.isFile(launcher) && probe.isFile(path.join(dir, 'scripts', 'lib', 'jdk.sh'))) {
    return { kind: 'launcher', path: launcher, origin: dir };
  }
  const jar = path.join(dir, JAR_IN_CHECKOUT);
  if (probe.isFile(jar)) {
    return { kind: 'jar', path: jar, origin: dir };
  }
  return undefined;
}

/**
 * The server to run: the `ironclaw4j.server.path` setting (launcher, jar or checkout folder), else a
 * workspace folder that is an ironclaw4j checkout, else `ironclaw4j` on the PATH.
 */
export function locateServer(setting: string, workspaceFolders: readonly string[], probe: LaunchProbe): ServerLocation | LocateError {
  if (setting) {
    if (probe.isDir(setting)) {
      const inside = inCheckout(setting, probe);
      return (
        inside ?? {
          kind: 'error',
          message: `The setting ironclaw4j.server.path is the folder "${setting}", which holds neither the ironclaw4j launcher nor ${JAR_IN_CHECKOUT}. Build it there with ./mvnw -pl server -am package, or point the setting at the launcher or the jar.`,
        }
      );
    }
    if (!probe.isFile(setting)) {
      return {
        kind: 'error',
        message: `The setting ironclaw4j.server.path is "${setting}", which does not exist. Point it at the ironclaw4j launcher, at ironclaw4j.jar, or at a checkout folder.`,
      };
    }
    return setting.toLowerCase().endsWith('.jar')
      ? { kind: 'jar', path: setting, origin: 'setting' }
      : { kind: 'launcher', path: setting, origin: 'setting' };
  }
  for (const folder of workspaceFolders) {
    const inside = inCheckout(folder, probe);
    if (inside) {
      return inside;
    }
  }
  const sep = probe.platform === 'win32' ? ';' : ':';
  for (const dir of (probe.env['PATH'] ?? '').split(sep)) {
    if (dir && probe.platform !== 'win32' && probe.isFile(path.join(dir, LAUNCHER))) {
      return { kind: 'launcher', path: path.join(dir, LAUNCHER), origin: 'PATH' };
    }
  }
  return {
    kind: 'error',
    message:
      'The ironclaw4j server was not found. Set ironclaw4j.server.path to the ironclaw4j launcher of a checkout (or to its server/target/ironclaw4j.jar), open the checkout as a workspace folder, or put the launcher on the PATH.',
  };
}

export interface ServerCommand {
  readonly command: string;
  readonly args: string[];
  /** Variables added to the inherited environment. */
  readonly env: Record<string, string>;
}

/** JVM options the repository's launcher uses, for starting the jar directly. */
export function jvmOptions(javaVersion: number): string[] {
  const opts = ['--enable-native-access=ALL-UNNAMED'];
  if (javaVersion >= 23) {
    opts.push('--sun-misc-unsafe-memory-access=allow');
  }
  return opts;
}

export interface CommandOptions {
  /** ironclaw4j home; empty for the server's default (IRONCLAW4J_HOME, ~/.ironclaw4j). */
  readonly home: string;
  /** The vault passphrase the user typed this session; kept in memory only. */
  readonly vaultPassphrase?: string;
}

/** The command line that runs `ironclaw4j <subcommand>` (lsp, mcp) for a located server. */
export function serverCommand(location: ServerLocation, java: FoundJava, subcommand: 'lsp' | 'mcp', options: CommandOptions): ServerCommand {
  const cliArgs = [...(options.home ? ['--home', options.home] : []), subcommand];
  const env: Record<string, string> = {};
  if (options.vaultPassphrase) {
    env['IRONCLAW4J_VAULT_PASSPHRASE'] = options.vaultPassphrase;
  }
  if (location.kind === 'jar') {
    return { command: java.java, args: [...jvmOptions(java.version), '-jar', location.path, ...cliArgs], env };
  }
  // The launcher finds a JDK itself; hand it the one found here so both agree.
  env['IRONCLAW4J_JAVA_HOME'] = java.home;
  return { command: location.path, args: cliArgs, env };
}

/** A one-line description of the command for the log, without any environment values. */
export function describeCommand(cmd: ServerCommand): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const envNames = Object.keys(cmd.env);
  return [cmd.command, ...cmd.args].map(quote).join(' ') + (envNames.length ? `  (env: ${envNames.join(', ')})` : '');
}
