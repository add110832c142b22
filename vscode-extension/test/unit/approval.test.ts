import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerForLabel, answerFromWebview, approvalChoices, approvalMessage, effectText, normalizeApprovalRequest } from '../../src/approval';

const remember = normalizeApprovalRequest({ tool: 'http_request', inputSummary: 'GET https://api.github.com/user', effects: ['NETWORK', 'USE_SECRET'], why: 'policy: ask', mayRemember: true });
const once = normalizeApprovalRequest({ tool: 'rm', inputSummary: 'path=/tmp/x', effects: ['destructive'], why: 'destructive effect', mayRemember: false });

describe('approvals', () => {
  it('offers "for this session" only when the server allows remembering', () => {
    assert.deepEqual(approvalChoices(remember).map((c) => c.answer), ['allow_once', 'allow_session', 'deny']);
    assert.deepEqual(approvalChoices(once).map((c) => c.answer), ['allow_once', 'deny']);
  });

  it('maps labels to answers; anything else is a denial', () => {
    assert.equal(answerForLabel('Allow once', remember), 'allow_once');
    assert.equal(answerForLabel('Allow for this session', remember), 'allow_session');
    assert.equal(answerForLabel('Deny', remember), 'deny');
    assert.equal(answerForLabel(undefined, remember), 'deny', 'a dismissed dialog denies');
    assert.equal(answerForLabel('Allow for this session', once), 'deny', 'a session grant that was not offered denies');
    assert.equal(answerForLabel('Yes', remember), 'deny');
  });

  it('validates answers from the webview: unknown or widened answers deny', () => {
    assert.equal(answerFromWebview('allow_once', once), 'allow_once');
    assert.equal(answerFromWebview('allow_session', remember), 'allow_session');
    assert.equal(answerFromWebview('allow_session', once), 'deny');
    assert.equal(answerFromWebview('ALLOW_ONCE', once), 'deny');
    assert.equal(answerFromWebview({ answer: 'allow_once' }, once), 'deny');
  });

  it('reads requests leniently; a missing mayRemember never widens the grant', () => {
    const r = normalizeApprovalRequest({ tool: 'x', mayRemember: 'yes', effects: ['NETWORK', 3] });
    assert.equal(r.mayRemember, false);
    assert.deepEqual(r.effects, ['network']);
    assert.equal(normalizeApprovalRequest(null).tool, '(unnamed tool)');
    assert.equal(normalizeApprovalRequest({ inputSummary: 'x'.repeat(5000) }).inputSummary.length, 2000);
  });

  it('explains the question: tool, why, effects, input, and that destructive calls always ask', () => {
    const m = approvalMessage(once);
    assert.match(m.title, /"rm"/);
    assert.match(m.detail, /Why: destructive effect/);
    assert.match(m.detail, /deletes or irreversibly changes something/);
    assert.match(m.detail, /Input: path=\/tmp\/x/);
    assert.match(m.detail, /ask every time/);
    assert.equal(effectText('USE_SECRET'), 'uses a vault secret (by name)');
    const install = approvalMessage(normalizeApprovalRequest({ tool: 'install tool word_count', inputSummary: 'tool word_count 1.0.0\n  network: none', effects: [], why: 'installing a new sandboxed tool with exactly these capabilities', mayRemember: false }));
    assert.equal(install.title, 'Install the tool "word_count" with exactly these capabilities?');
    assert.match(install.detail, /Input: tool word_count 1\.0\.0\n {2}network: none/);
    assert.equal(effectText('teleport'), 'teleport');
  });
});
