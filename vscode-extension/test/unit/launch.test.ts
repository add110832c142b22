import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FoundJava } from '../../src/java';
import { describeCommand, jvmOptions, locateServer, serverCommand } from '../../src/launch';
import { FakeFs } from './fakeProbe';

const java25: FoundJava = { ok: true, home: '/jdk25', java: '/jdk25/bin/java', version: 25, hasJavac: true, source: 'search' };
const java21: FoundJava = { ...java25, home: '/jdk21', java: '/jdk21/bin/java', version: 21 };

function checkout(fs: FakeFs, dir: string, { launcher = true, jar = false } = {}): FakeFs {
  if (launcher) {
    fs.addFile(`${dir}/ironclaw4j`).addFile(`${dir}/scripts/lib/jdk.sh`);
  }
  if (jar) {
    fs.addFile(`${dir}/server/target/ironclaw4j.jar`);
  }
  return fs;
}

describe('locateServer', () => {
  it('uses the setting: a launcher, a jar, or a checkout folder', () => {
    const fs = checkout(new FakeFs(), '/src/ic', { jar: true });
    assert.deepEqual(locateServer('/src/ic/ironclaw4j', [], fs), { kind: 'launcher', path: '/src/ic/ironclaw4j', origin: 'setting' });
    assert.deepEqual(locateServer('/src/ic/server/target/ironclaw4j.jar', [], fs), { kind: 'jar', path: '/src/ic/server/target/ironclaw4j.jar', origin: 'setting' });
    assert.deepEqual(locateServer('/src/ic', [], fs), { kind: 'launcher', path: '/src/ic/ironclaw4j', origin: '/src/ic' });
  });

  it('says what is wrong with a setting instead of looking elsewhere', () => {
    const fs = checkout(new FakeFs('linux', { PATH: '/usr/local/bin' }), '/ws');
    fs.addFile('/usr/local/bin/ironclaw4j');
    const missing = locateServer('/nope/ironclaw4j', ['/ws'], fs);
    assert.equal(missing.kind, 'error');
    assert.match(missing.kind === 'error' ? missing.message : '', /does not exist/);
    fs.addFile('/empty/readme');
    const empty = locateServer('/empty', ['/ws'], fs);
    assert.match(empty.kind === 'error' ? empty.message : '', /neither the ironclaw4j launcher nor/);
  });

  it('finds the workspace checkout, its built jar, then the PATH', () => {
    const fs = checkout(new FakeFs('linux', { PATH: '/usr/local/bin' }), '/ws/b');
    fs.addFile('/usr/local/bin/ironclaw4j');
    checkout(fs, '/ws/jaronly', { launcher: false, jar: true });
    assert.deepEqual(locateServer('', ['/ws/a', '/ws/b'], fs), { kind: 'launcher', path: '/ws/b/ironclaw4j', origin: '/ws/b' });
    assert.deepEqual(locateServer('', ['/ws/jaronly'], fs), { kind: 'jar', path: '/ws/jaronly/server/target/ironclaw4j.jar', origin: '/ws/jaronly' });
    assert.deepEqual(locateServer('', ['/ws/a'], fs), { kind: 'launcher', path: '/usr/local/bin/ironclaw4j', origin: 'PATH' });
  });

  it('explains how to point at a server when there is none', () => {
    const r = locateServer('', [], new FakeFs());
    assert.equal(r.kind, 'error');
    assert.match(r.kind === 'error' ? r.message : '', /ironclaw4j\.server\.path/);
  });
});

describe('serverCommand', () => {
  it('runs the jar with the launcher\'s JVM options, home before the subcommand', () => {
    const cmd = serverCommand({ kind: 'jar', path: '/x/ironclaw4j.jar', origin: 'setting' }, java25, 'lsp', { home: '/h' });
    assert.equal(cmd.command, '/jdk25/bin/java');
    assert.deepEqual(cmd.args, ['--enable-native-access=ALL-UNNAMED', '--sun-misc-unsafe-memory-access=allow', '-jar', '/x/ironclaw4j.jar', '--home', '/h', 'lsp']);
    assert.deepEqual(cmd.env, {});
    assert.deepEqual(jvmOptions(21), ['--enable-native-access=ALL-UNNAMED']);
    const c21 = serverCommand({ kind: 'jar', path: '/x/ironclaw4j.jar', origin: 'setting' }, java21, 'mcp', { home: '' });
    assert.deepEqual(c21.args, ['--enable-native-access=ALL-UNNAMED', '-jar', '/x/ironclaw4j.jar', 'mcp']);
  });

  it('runs the launcher with the Java found here', () => {
    const cmd = serverCommand({ kind: 'launcher', path: '/ic/ironclaw4j', origin: '/ic' }, java25, 'lsp', { home: '' });
    assert.equal(cmd.command, '/ic/ironclaw4j');
    assert.deepEqual(cmd.args, ['lsp']);
    assert.deepEqual(cmd.env, { IRONCLAW4J_JAVA_HOME: '/jdk25' });
  });

  it('passes a typed vault passphrase only in the environment, and never prints it', () => {
    const cmd = serverCommand({ kind: 'jar', path: '/x.jar', origin: 'setting' }, java25, 'lsp', { home: '/h', vaultPassphrase: 'correct horse battery' });
    assert.equal(cmd.env['IRONCLAW4J_VAULT_PASSPHRASE'], 'correct horse battery');
    assert.ok(!cmd.args.join(' ').includes('correct horse'));
    const line = describeCommand(cmd);
    assert.ok(!line.includes('correct horse'), line);
    assert.match(line, /env: IRONCLAW4J_VAULT_PASSPHRASE/);
  });

  it('quotes paths with spaces in the log line', () => {
    const cmd = serverCommand({ kind: 'launcher', path: '/My Projects/ic/ironclaw4j', origin: 'setting' }, java25, 'lsp', { home: "/h/it's" });
    assert.equal(describeCommand(cmd), `'/My Projects/ic/ironclaw4j' --home '/h/it'\\''s' lsp  (env: IRONCLAW4J_JAVA_HOME)`);
  });
});
