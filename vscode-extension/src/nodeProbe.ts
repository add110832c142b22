// The real file system and process access behind JavaProbe and LaunchProbe.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import type { JavaProbe } from './java';
import type { LaunchProbe } from './launch';

export function nodeProbe(env: Readonly<Record<string, string | undefined>> = process.env): JavaProbe & LaunchProbe {
  return {
    platform: process.platform,
    env,
    homedir: os.homedir(),
    isFile: (p) => {
      try {
        return fs.statSync(p).isFile();
      } catch {
        return false;
      }
    },
    isDir: (p) => {
      try {
        return fs.statSync(p).isDirectory();
      } catch {
        return false;
      }
    },
    listDir: (p) => {
      try {
        return fs.readdirSync(p);
      } catch {
        return [];
      }
    },
    readText: (p) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    realpath: (p) => {
      try {
        return fs.realpathSync(p);
      } catch {
        return p;
      }
    },
    javaVersionOutput: (javaBin) => {
      const r = spawnSync(javaBin, ['-version'], { encoding: 'utf8', timeout: 10_000 });
      return r.error ? undefined : `${r.stderr ?? ''}${r.stdout ?? ''}`;
    },
  };
}
