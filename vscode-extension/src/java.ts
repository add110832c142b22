// Finds a Java 21+ to run the ironclaw4j server with, in the same order as the repository's own
// scripts (scripts/lib/jdk.sh): the setting, JAVA_HOME, the java on the PATH, then the usual install
// folders, newest first. All file system and process access goes through a JavaProbe, so the search is
// tested without touching the machine.
import * as path from 'path';

export const MIN_JAVA = 21;

export interface JavaProbe {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
  isFile(p: string): boolean;
  isDir(p: string): boolean;
  /** Entries (names, not paths) of a folder; empty when it cannot be read. */
  listDir(p: string): string[];
  readText(p: string): string | undefined;
  /** Resolves symbolic links; returns p when it cannot. */
  realpath(p: string): string;
  /** What `java -version` prints (it prints to stderr), or undefined when it does not run. */
  javaVersionOutput(javaBin: string): string | undefined;
}

export interface FoundJava {
  readonly ok: true;
  readonly home: string;
  readonly java: string;
  readonly version: number;
  readonly hasJavac: boolean;
  /** Where it was found: 'setting', 'JAVA_HOME', 'PATH' or 'search'. */
  readonly source: JavaSource;
  /** Something the user should know but that does not stop the server (e.g. no javac). */
  readonly warning?: string;
}

export interface JavaNotFound {
  readonly ok: false;
  readonly message: string;
}

export type JavaSource = 'setting' | 'JAVA_HOME' | 'PATH' | 'search';

interface Candidate {
  home: string;
  source: JavaSource;
}

function exe(probe: JavaProbe, name: string): string {
  return probe.platform === 'win32' ? `${name}.exe` : name;
}

/** The feature version of a version string: "21.0.2" → 21, "1.8.0_392" → 8, "25" → 25, "22-ea" → 22. */
export function featureVersion(v: string): number | undefined {
  const m = /^(?:1\.)?(\d+)/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

/** The version in a JDK's `release` file (JAVA_VERSION="21.0.2"). */
export function versionFromRelease(text: string): number | undefined {
  const m = /^JAVA_VERSION="([^"]+)"/m.exec(text);
  return m ? featureVersion(m[1]) : undefined;
}

/** The version in the output of `java -version` (openjdk version "21.0.2" 2024-01-16). */
export function versionFromJavaVersionOutput(text: string): number | undefined {
  const m = /version "([^"]+)"/.exec(text);
  return m ? featureVersion(m[1]) : undefined;
}

/** The JDK home a `java.home` setting names: the home itself, or its bin/java. */
export function homeFromSetting(value: string, probe: JavaProbe): string {
  const v = value.trim().replace(/[\\/]+$/, '');
  const base = path.basename(v).toLowerCase();
  if ((base === 'java' || base === 'java.exe') && probe.isFile(v)) {
    return path.dirname(path.dirname(v));
  }
  return v;
}

/** The version of the Java at home, or undefined if home is not a Java install. */
export function inspect(home: string, probe: JavaProbe): { java: string; version: number; hasJavac: boolean } | undefined {
  const java = path.join(home, 'bin', exe(probe, 'java'));
  if (!probe.isFile(java)) {
    return undefined;
  }
  const release = probe.readText(path.join(home, 'release'));
  let version = release === undefined ? undefined : versionFromRelease(release);
  if (version === undefined) {
    const out = probe.javaVersionOutput(java);
    version = out === undefined ? undefined : versionFromJavaVersionOutput(out);
  }
  if (version === undefined) {
    return undefined;
  }
  return { java, version, hasJavac: probe.isFile(path.join(home, 'bin', exe(probe, 'javac'))) };
}

function searchRoots(probe: JavaProbe): string[] {
  const h = probe.homedir;
  const roots: string[] = [];
  const children = (dir: string, suffix = '', filter: (name: string) => boolean = () => true) => {
    for (const name of probe.listDir(dir).filter(filter).sort().reverse()) {
      roots.push(suffix ? path.join(dir, name, suffix) : path.join(dir, name));
    }
  };
  switch (probe.platform) {
    case 'darwin':
      children('/Library/Java/JavaVirtualMachines', 'Contents/Home');
      children(path.join(h, 'Library/Java/JavaVirtualMachines'), 'Contents/Home');
      children('/opt/homebrew/opt', 'libexec/openjdk.jdk/Contents/Home', (n) => n.startsWith('openjdk'));
      children('/usr/local/opt', 'libexec/openjdk.jdk/Contents/Home', (n) => n.startsWith('openjdk'));
      break;
    case 'win32': {
      const pf = probe.env['ProgramFiles'] ?? 'C:\\Program Files';
      for (const vendor of ['Java', 'Eclipse Adoptium', 'Microsoft', 'Zulu', 'Amazon Corretto', 'BellSoft']) {
        children(path.join(pf, vendor));
      }
      break;
    }
    default:
      children('/usr/lib/jvm');
      children('/usr/java');
      children('/opt/java');
      children('/opt', '', (n) => n.startsWith('jdk'));
  }
  children(path.join(probe.env['SDKMAN_DIR'] ?? path.join(h, '.sdkman'), 'candidates/java'), '', (n) => n !== 'current');
  children(path.join(h, '.jdks'));
  return roots;
}

function pathJava(probe: JavaProbe): string | undefined {
  const sep = probe.platform === 'win32' ? ';' : ':';
  for (const dir of (probe.env['PATH'] ?? probe.env['Path'] ?? '').split(sep)) {
    if (!dir) {
      continue;
    }
    const java = path.join(dir, exe(probe, 'java'));
    if (probe.isFile(java)) {
      return path.dirname(path.dirname(probe.realpath(java)));
    }
  }
  return undefined;
}

/** How to get a JDK, for the message shown when none is found. */
export function installHint(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'Install one with `brew install openjdk@21` (or from https://adoptium.net)';
    case 'win32':
      return 'Install one from https://adoptium.net (Temurin 21 or newer) or with `winget install EclipseAdoptium.Temurin.21.JDK`';
    default:
      return 'Install one with `sudo apt-get install openjdk-21-jdk` (Debian/Ubuntu), `sudo dnf install java-21-openjdk-devel` (Fedora/RHEL), or `sdk install java 21-tem` (SDKMAN)';
  }
}

/**
 * Finds the Java to run the server with. A `java.home` setting is taken as it is or reported as wrong,
 * never silently replaced; JAVA_HOME and the PATH's java win when new enough; otherwise the newest
 * install found, preferring a full JDK (building tools compiles Java inside the server).
 */
export function findJava(setting: string, probe: JavaProbe): FoundJava | JavaNotFound {
  if (setting.trim()) {
    const home = homeFromSetting(setting, probe);
    const info = inspect(home, probe);
    if (!info) {
      return {
        ok: false,
        message: `The setting ironclaw4j.java.home is "${setting}", but there is no Java there (no bin/${exe(probe, 'java')}). Point it at a JDK ${MIN_JAVA}+ home, or clear it to let ironclaw4j search.`,
      };
    }
    if (info.version < MIN_JAVA) {
      return {
        ok: false,
        message: `The setting ironclaw4j.java.home points at Java ${info.version} (${home}); ironclaw4j needs Java ${MIN_JAVA} or newer. ${installHint(probe.platform)}, then point the setting at it.`,
      };
    }
    return found(home, info, 'setting');
  }

  const candidates: Candidate[] = [];
  const javaHome = probe.env['JAVA_HOME'];
  if (javaHome) {
    candidates.push({ home: javaHome, source: 'JAVA_HOME' });
  }
  const onPath = pathJava(probe);
  if (onPath) {
    candidates.push({ home: onPath, source: 'PATH' });
  }
  for (const root of searchRoots(probe)) {
    if (probe.isDir(root)) {
      candidates.push({ home: root, source: 'search' });
    }
  }

  const seen = new Set<string>();
  const tooOld: string[] = [];
  let best: { home: string; info: NonNullable<ReturnType<typeof inspect>>; source: JavaSource } | undefined;
  for (const c of candidates) {
    const real = probe.realpath(c.home);
    if (seen.has(real)) {
      continue;
    }
    seen.add(real);
    const info = inspect(c.home, probe);
    if (!info) {
      continue;
    }
    if (info.version < MIN_JAVA) {
      tooOld.push(`Java ${info.version} at ${c.home}`);
      continue;
    }
    if (c.source !== 'search') {
      // An explicitly chosen Java (JAVA_HOME, PATH) wins when it is new enough.
      return found(c.home, info, c.source);
    }
    if (!best || better(info, best.info)) {
      best = { home: c.home, info, source: c.source };
    }
  }
  if (best) {
    return found(best.home, best.info, best.source);
  }
  const foundOnly = tooOld.length ? ` Found only: ${tooOld.join('; ')}.` : '';
  return {
    ok: false,
    message: `ironclaw4j needs Java ${MIN_JAVA} or newer (a full JDK) and none was found.${foundOnly} ${installHint(probe.platform)}, or set ironclaw4j.java.home to an installed JDK ${MIN_JAVA}+.`,
  };
}

function better(a: { version: number; hasJavac: boolean }, b: { version: number; hasJavac: boolean }): boolean {
  if (a.hasJavac !== b.hasJavac) {
    return a.hasJavac;
  }
  return a.version > b.version;
}

function found(home: string, info: { java: string; version: number; hasJavac: boolean }, source: JavaSource): FoundJava {
  return {
    ok: true,
    home,
    java: info.java,
    version: info.version,
    hasJavac: info.hasJavac,
    source,
    warning: info.hasJavac
      ? undefined
      : `Java ${info.version} at ${home} has no javac: the server runs, but building tools needs a full JDK.`,
  };
}
