// Installs the npm dependencies exactly as locked (npm ci), unless node_modules already matches the lock.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mtime = (p) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const installed = mtime(join(root, 'node_modules', '.package-lock.json'));
if (installed && installed >= mtime(join(root, 'package-lock.json')) && installed >= mtime(join(root, 'package.json'))) {
  console.log('npm dependencies are up to date');
} else {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
}
