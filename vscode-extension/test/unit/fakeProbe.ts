// An in-memory file system for the Java and launcher searches.
import * as path from 'path';
import type { JavaProbe } from '../../src/java';
import type { LaunchProbe } from '../../src/launch';

export interface FakeJdk {
  home: string;
  version?: string; // JAVA_VERSION in release; omitted: no release file
  versionOutput?: string; // what `java -version` prints
  javac?: boolean;
}

export class FakeFs implements JavaProbe, LaunchProbe {
  readonly files = new Set<string>();
  readonly dirs = new Set<string>();
  readonly texts = new Map<string, string>();
  readonly links = new Map<string, string>();
  readonly versionOutputs = new Map<string, string>();
  readonly javaVersionCalls: string[] = [];

  constructor(
    readonly platform: NodeJS.Platform = 'linux',
    readonly env: Record<string, string | undefined> = {},
    readonly homedir = '/home/u',
  ) {}

  addFile(p: string, text?: string): this {
    this.files.add(p);
    if (text !== undefined) {
      this.texts.set(p, text);
    }
    for (let d = path.dirname(p); ; d = path.dirname(d)) {
      this.dirs.add(d);
      if (d === path.dirname(d)) {
        break;
      }
    }
    return this;
  }

  addJdk(jdk: FakeJdk): this {
    const exe = this.platform === 'win32' ? '.exe' : '';
    this.addFile(path.join(jdk.home, 'bin', `java${exe}`));
    if (jdk.javac !== false) {
      this.addFile(path.join(jdk.home, 'bin', `javac${exe}`));
    }
    if (jdk.version !== undefined) {
      this.addFile(path.join(jdk.home, 'release'), `IMPLEMENTOR="Test"\nJAVA_VERSION="${jdk.version}"\n`);
    }
    if (jdk.versionOutput !== undefined) {
      this.versionOutputs.set(path.join(jdk.home, 'bin', `java${exe}`), jdk.versionOutput);
    }
    return this;
  }

  isFile(p: string): boolean {
    return this.files.has(this.realpath(p));
  }
  isDir(p: string): boolean {
    return this.dirs.has(this.realpath(p));
  }
  listDir(p: string): string[] {
    const dir = this.realpath(p);
    const names = new Set<string>();
    for (const f of [...this.files, ...this.dirs, ...this.links.keys()]) {
      if (path.dirname(f) === dir && f !== dir) {
        names.add(path.basename(f));
      }
    }
    return [...names];
  }
  readText(p: string): string | undefined {
    return this.texts.get(this.realpath(p));
  }
  realpath(p: string): string {
    for (const [from, to] of this.links) {
      if (p === from || p.startsWith(from + '/')) {
        return this.realpath(to + p.slice(from.length));
      }
    }
    return p;
  }
  javaVersionOutput(javaBin: string): string | undefined {
    this.javaVersionCalls.push(javaBin);
    return this.versionOutputs.get(this.realpath(javaBin));
  }
}
