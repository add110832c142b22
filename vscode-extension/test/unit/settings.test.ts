import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandPath, needsRestart, readSettings } from '../../src/settings';

describe('settings', () => {
  const vars = { userHome: '/home/u', workspaceFolder: '/work/proj' };

  it('expands ~, ${userHome}, ${workspaceFolder} and ${env:X}', () => {
    assert.equal(expandPath('  ~/jdk ', vars), '/home/u/jdk');
    assert.equal(expandPath('~', vars), '/home/u');
    assert.equal(expandPath('${userHome}/x', vars), '/home/u/x');
    assert.equal(expandPath('${workspaceFolder}/ironclaw4j', vars), '/work/proj/ironclaw4j');
    assert.equal(expandPath('${env:JDKS}/21', vars, { JDKS: '/opt/jdks' }), '/opt/jdks/21');
    assert.equal(expandPath('${env:MISSING}/21', vars, {}), '/21');
    assert.equal(expandPath('', vars), '');
  });

  it('reads every setting with safe defaults for missing or mistyped values', () => {
    const values: Record<string, unknown> = { 'server.path': '~/ic/ironclaw4j', 'java.home': 42, 'mcp.register': false, 'trace.server': 'loud' };
    const s = readSettings((k) => values[k], vars);
    assert.deepEqual(s, { serverPath: '/home/u/ic/ironclaw4j', javaHome: '', home: '', mcpRegister: false, trace: 'off' });
    const d = readSettings(() => undefined, vars);
    assert.equal(d.mcpRegister, true);
    assert.equal(d.trace, 'off');
  });

  it('has no setting that could hold a secret value', () => {
    const pkg = require('../../../../package.json');
    const keys = Object.keys(pkg.contributes.configuration.properties);
    for (const k of keys) {
      assert.doesNotMatch(k, /passphrase|password|secret|token|value|key$/i, k);
    }
  });

  it('restarts the server only for server, Java and home changes', () => {
    assert.equal(needsRestart((s) => s === 'ironclaw4j.java.home'), true);
    assert.equal(needsRestart((s) => s === 'ironclaw4j.server.path'), true);
    assert.equal(needsRestart((s) => s === 'ironclaw4j.home'), true);
    assert.equal(needsRestart((s) => s === 'ironclaw4j.mcp.register'), false);
  });
});
