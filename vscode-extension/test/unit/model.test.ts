import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeApprovalRequest } from '../../src/approval';
import { ChatModel, ChatRouter, formatToolInput, lastSessionId, MAX_TOOL_INPUT, normalizeStatus } from '../../src/chat/model';
import type { ChatEvent } from '../../src/protocol';

const T = 'turn-1';

describe('ChatModel', () => {
  it('streams deltas into one message, splits around tool calls, and does not repeat the final text', () => {
    const m = new ChatModel();
    m.addUser('what time is it?');
    m.startTurn(T);
    m.apply({ kind: 'delta', turnId: T, text: 'Let me ' });
    m.apply({ kind: 'delta', turnId: T, text: 'check.' });
    m.apply({ kind: 'toolCall', turnId: T, callId: 'c1', tool: 'time', input: { zone: 'UTC' } });
    m.apply({ kind: 'toolResult', turnId: T, callId: 'c1', tool: 'time', ok: true, summary: '12:00' });
    m.apply({ kind: 'delta', turnId: T, text: 'It is noon.' });
    m.apply({ kind: 'done', turnId: T, status: 'COMPLETED', text: 'Let me check.It is noon.' });
    assert.deepEqual(
      m.items.map((i) => [i.kind, 'text' in i ? i.text : i.kind === 'tool' ? `${i.tool}:${i.state}:${i.summary}` : '']),
      [
        ['user', 'what time is it?'],
        ['assistant', 'Let me check.'],
        ['tool', 'time:ok:12:00'],
        ['assistant', 'It is noon.'],
      ],
    );
    assert.equal(m.activeTurn, undefined);
    assert.ok(m.items.every((i) => i.kind !== 'assistant' || !i.open));
  });

  it('shows the final text when nothing was streamed, and a notice for every other status', () => {
    const m = new ChatModel();
    m.startTurn(T);
    m.apply({ kind: 'done', turnId: T, status: 'completed', text: 'All done.' });
    assert.deepEqual(m.items.map((i) => ('text' in i ? i.text : '')), ['All done.']);

    const n = new ChatModel();
    n.startTurn('a');
    n.apply({ kind: 'done', turnId: 'a', status: 'NO_MODEL', text: 'No model is configured: set llm.base_url in config.toml.' });
    n.startTurn('b');
    n.apply({ kind: 'done', turnId: 'b', status: 'CANCELLED', text: '' });
    n.startTurn('c');
    n.apply({ kind: 'done', turnId: 'c', status: 'failed', text: '' });
    assert.deepEqual(
      n.items.map((i) => (i.kind === 'notice' ? `${i.level}:${i.text}` : '')),
      ['warning:No model is configured: set llm.base_url in config.toml.', 'info:Cancelled.', 'error:The turn failed.'],
    );
  });

  it('ignores events of unknown or finished turns', () => {
    const m = new ChatModel();
    assert.deepEqual(m.apply({ kind: 'delta', turnId: 'other', text: 'x' }), []);
    m.startTurn(T);
    m.apply({ kind: 'done', turnId: T, status: 'completed', text: 'x' });
    assert.deepEqual(m.apply({ kind: 'delta', turnId: T, text: 'late' }), []);
  });

  it('marks failed tool calls and keeps a result without its call', () => {
    const m = new ChatModel();
    m.startTurn(T);
    m.apply({ kind: 'toolResult', turnId: T, callId: 'zz', tool: 'http_request', ok: false, summary: 'denied by the user' });
    const t = m.items[0];
    assert.equal(t.kind, 'tool');
    assert.equal(t.kind === 'tool' && t.state, 'failed');
  });

  it('shows the plan once per turn, updated in place', () => {
    const m = new ChatModel();
    m.startTurn(T);
    m.apply({ kind: 'delta', turnId: T, text: 'Thinking.' });
    m.apply({ kind: 'plan', turnId: T, steps: ['list the secrets', 'answer'] });
    const changed = m.apply({ kind: 'plan', turnId: T, steps: ['list the secrets', 'check bindings', 'answer', 7 as unknown as string] });
    assert.equal(changed.length, 1);
    const plans = m.items.filter((i) => i.kind === 'plan');
    assert.equal(plans.length, 1);
    assert.deepEqual(plans[0].kind === 'plan' && plans[0].steps, ['list the secrets', 'check bindings', 'answer']);
    assert.equal(m.items[0].kind === 'assistant' && m.items[0].open, false);
  });

  it('answers an approval once', () => {
    const m = new ChatModel();
    const a = m.addApproval(normalizeApprovalRequest({ tool: 'echo' }));
    assert.ok(m.answerApproval(a.id, 'allow_once'));
    assert.equal(m.answerApproval(a.id, 'deny'), undefined);
    assert.equal(a.answer, 'allow_once');
  });

  it('bounds tool input and spells statuses one way', () => {
    assert.equal(formatToolInput({ a: 1 }), '{\n  "a": 1\n}');
    assert.ok(formatToolInput('x'.repeat(MAX_TOOL_INPUT + 10)).endsWith('(10 more characters)'));
    assert.equal(normalizeStatus('BUDGET-EXHAUSTED'), 'budget_exhausted');
    assert.equal(normalizeStatus(undefined), 'failed');
  });
});

describe('ChatRouter', () => {
  it('holds events that arrive before the turn is claimed, then delivers them in order', () => {
    const r = new ChatRouter();
    r.dispatch({ kind: 'delta', turnId: T, text: 'a' });
    r.dispatch({ kind: 'delta', turnId: T, text: 'b' });
    const got: ChatEvent[] = [];
    r.claim(T, (e) => got.push(e));
    r.dispatch({ kind: 'done', turnId: T, status: 'completed', text: 'ab' });
    r.dispatch({ kind: 'delta', turnId: T, text: 'after done' });
    assert.deepEqual(got.map((e) => e.kind), ['delta', 'delta', 'done']);
  });

  it('bounds what it holds for turns nobody claims', () => {
    const r = new ChatRouter();
    for (let i = 0; i < ChatRouter.MAX_PENDING_TURNS + 5; i++) {
      r.dispatch({ kind: 'delta', turnId: `t${i}`, text: 'x' });
    }
    for (let i = 0; i < ChatRouter.MAX_PENDING_EVENTS + 5; i++) {
      r.dispatch({ kind: 'delta', turnId: 'big', text: 'x' });
    }
    const got: ChatEvent[] = [];
    r.claim('t0', (e) => got.push(e));
    assert.equal(got.length, 0, 'the oldest held turn was dropped');
    r.claim('big', (e) => got.push(e));
    assert.equal(got.length, ChatRouter.MAX_PENDING_EVENTS);
  });
});

describe('chat participant sessions', () => {
  it('resumes the session recorded by the last answer', () => {
    assert.equal(lastSessionId([]), undefined);
    assert.equal(lastSessionId([{ prompt: 'hi' }, { result: { metadata: { sessionId: 's1' } } }, { prompt: 'x' }, { result: {} }]), 's1');
    assert.equal(lastSessionId([{ result: { metadata: { sessionId: 's1' } } }, { result: { metadata: { sessionId: 's2' } } }]), 's2');
  });
});
