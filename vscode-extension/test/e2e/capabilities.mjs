// Asks `ironclaw4j lsp` what this server build offers (initialize → experimental.ironclaw), then shuts
// it down. Scenarios that need a part the build announces it does not have (the agent core, the
// toolsmith) are reported as not applicable, by name and with the server's own words, never silently.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

export async function serverCapabilities({ java, jvmArgs, jar, home, env }) {
  const proc = spawn(java, [...jvmArgs, '-jar', jar, '--home', home, 'lsp'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  conn.listen();
  try {
    const init = await Promise.race([
      conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no initialize answer in 120 s; stderr: ${stderr}`)), 120_000)),
    ]);
    await conn.sendRequest('shutdown');
    conn.sendNotification('exit');
    return { server: init.serverInfo ?? {}, ironclaw: init.capabilities?.experimental?.ironclaw ?? {} };
  } finally {
    await new Promise((resolve) => {
      const t = setTimeout(() => {
        proc.kill('SIGKILL');
        resolve();
      }, 10_000);
      proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    conn.dispose();
  }
}
