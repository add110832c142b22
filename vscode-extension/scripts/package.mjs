// Packages the bundled extension into target/ironclaw4j-<version>.vsix with @vscode/vsce.
// The bundle (dist/extension.js) already contains vscode-languageclient, so node_modules stay out.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, 'target', `${pkg.name}-${pkg.version}.vsix`);
statSync(join(root, 'dist', 'extension.js')); // fails clearly when "npm run build" has not run
mkdirSync(dirname(out), { recursive: true });
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out], {
  cwd: root,
  stdio: 'inherit',
});
console.log(`vsix: ${out}`);
