import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readyState, statusView, vaultState } from '../../src/statusModel';

describe('status bar', () => {
  it('reads the vault state in the shapes a server may send', () => {
    assert.equal(vaultState('locked'), 'locked');
    assert.equal(vaultState('UNLOCKED'), 'unlocked');
    assert.equal(vaultState('uninitialized'), 'absent');
    assert.equal(vaultState({ state: 'locked', secrets: 3 }), 'locked');
    assert.equal(vaultState({ locked: false }), 'unlocked');
    assert.equal(vaultState({ initialized: false }), 'absent');
    assert.equal(vaultState(true), 'unlocked');
    assert.equal(vaultState(undefined), 'unknown');
  });

  it('shows starting, ready, vault locked and error with labels the tests can find', () => {
    assert.equal(statusView({ kind: 'starting' }).label, 'ironclaw4j: starting');
    const ready = statusView(readyState({ version: '0.1.0', vault: 'unlocked', model: { name: 'scripted' }, tools: [{}, {}] }));
    assert.equal(ready.label, 'ironclaw4j: ready');
    assert.match(ready.tooltip, /server 0\.1\.0 · model scripted · 2 tools · vault unlocked/);
    assert.equal(ready.background, undefined);
    const locked = statusView(readyState({ vault: 'locked' }));
    assert.equal(locked.label, 'ironclaw4j: vault locked');
    assert.equal(locked.background, 'warning');
    assert.match(locked.text, /vault locked/);
    const err = statusView({ kind: 'error', message: 'no Java 21' });
    assert.equal(err.label, 'ironclaw4j: error');
    assert.equal(err.background, 'error');
    assert.match(err.tooltip, /no Java 21/);
    assert.match(statusView(readyState(undefined)).tooltip, /no model configured/);
    // The shape ironclaw4j lsp sends.
    const real = statusView(readyState({ version: '0.1.0', vault: 'unlocked', model: false, agent: false, tools: 7, database: 'h2' }));
    assert.match(real.tooltip, /server 0\.1\.0 · no model configured · 7 tools · vault unlocked · database h2 · no agent \(chat unavailable\)/);
    assert.match(statusView(readyState({ vault: 'absent', model: true })).tooltip, /no vault yet.*model configured/s);
  });
});
