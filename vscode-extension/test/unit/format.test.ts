import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeTool, formatAudit, formatCallResult, formatMemory, problemsInMessage, secretPickItem, summarizeBuild, toolPickItem, validateBinding, validateSecretName, validateSecretValue } from '../../src/format';

describe('secret input validation (mirrors the vault)', () => {
  it('names', () => {
    assert.equal(validateSecretName('GITHUB_TOKEN'), undefined);
    assert.equal(validateSecretName('_x1'), undefined);
    assert.ok(validateSecretName(''));
    assert.ok(validateSecretName('1ABC'));
    assert.ok(validateSecretName('A-B'));
    assert.ok(validateSecretName('A'.repeat(65)));
    assert.equal(validateSecretName('A'.repeat(64)), undefined);
  });
  it('values: 8 bytes to 64 KiB, no control characters, and the message never contains the value', () => {
    assert.ok(validateSecretValue('short'));
    assert.equal(validateSecretValue('12345678'), undefined);
    assert.equal(validateSecretValue('x'.repeat(64 * 1024)), undefined);
    assert.ok(validateSecretValue('x'.repeat(64 * 1024 + 1)));
    const bad = 'sk-live-abcdef\nX-Injected: 1';
    const msg = validateSecretValue(bad) ?? '';
    assert.match(msg, /control characters/);
    assert.ok(!msg.includes('sk-live'));
  });
  it('bindings', () => {
    assert.equal(validateBinding(''), undefined);
    assert.equal(validateBinding('https://api.github.com/* GET,POST'), undefined);
    assert.ok(validateBinding('api.github.com'));
    assert.ok(validateBinding('https://x.example/ GET POST'));
    assert.ok(validateBinding('https://x.example/ GET;rm'));
  });
});

describe('tool text', () => {
  const tool = { name: 'http_request', description: 'Sends an HTTP request through egress.', effects: ['NETWORK', 'USE_SECRET'], source: 'builtin', inputSchema: { type: 'object' } };
  it('describes a tool with its effects, source and extra fields', () => {
    const md = describeTool(tool);
    assert.match(md, /^# http_request/);
    assert.match(md, /- `network`: sends or receives data over the network/);
    assert.match(md, /\*\*Source:\*\* builtin/);
    assert.match(md, /## inputSchema/);
    assert.match(describeTool({ name: 'echo', description: '', effects: [], source: '' }), /none: computes on its input only/);
  });
  it('makes quick-pick lines', () => {
    assert.deepEqual(toolPickItem(tool), { label: 'http_request', description: 'builtin · network, use_secret', detail: 'Sends an HTTP request through egress.' });
  });
});

describe('audit log', () => {
  it('lays records out as a table, known columns first, the rest below', () => {
    const text = formatAudit(
      [
        { time: '2026-11-23T10:00:00Z', channel: 'lsp', actor: 'vscode', tool: 'echo', decision: 'allow', outcome: 'ok', session: 's-1', hash: 'abc' },
        { time: '2026-11-23T10:01:00Z', channel: 'mcp', tool: 'http_request', decision: 'denied', outcome: 'refused' },
      ],
      undefined,
    );
    const lines = text.split('\n');
    assert.match(lines[0], /2 records/);
    assert.match(lines[2], /^time\s+channel\s+actor\s+subject\s+decision\s+outcome$/);
    assert.match(text, /lsp\s+vscode\s+echo\s+allow\s+ok/);
    assert.match(text, /session=s-1 {2}hash=abc/);
    assert.match(text, /http_request\s+denied\s+refused/);
    assert.match(formatAudit([], 'echo'), /tool echo — 0 records\n\nNo records/);
  });

  it('leaves out columns no record fills and empty lists (the shape ironclaw4j lsp sends)', () => {
    const text = formatAudit([{ seq: 4, at: '2026-11-23T15:32:32Z', kind: 'tool.call', actor: 'lsp:root', session: 'lsp-1', subject: 'secret_list', decision: 'allowed', reason: null, approver: 'user', destinations: [], durationMs: 740, outcome: 'ok:pass' }]);
    assert.match(text.split('\n')[2], /^time\s+actor\s+kind\s+subject\s+decision\s+outcome$/);
    assert.match(text, /seq=4 {2}session=lsp-1 {2}approver=user {2}durationMs=740/);
    assert.doesNotMatch(text, /destinations/);
  });
});

describe('memory and vault', () => {
  it('formats memory hits', () => {
    const md = formatMemory('deploy', { results: [{ path: 'notes/deploy.md', startLine: 3, endLine: 9, score: 0.91234, text: 'run make deploy', trust: 'untrusted' }] });
    assert.match(md, /## notes\/deploy.md:3-9 \(score 0\.912\) — untrusted/);
    assert.match(md, /run make deploy/);
  });
  it('lists secrets by name and binding only', () => {
    assert.deepEqual(secretPickItem({ name: 'GH', bindings: ['https://api.github.com/* GET'], lastUsed: null }), {
      label: 'GH',
      description: 'never used',
      detail: 'bound to https://api.github.com/* GET',
    });
    assert.match(secretPickItem({ name: 'X', bindings: [] }).detail, /not bound/);
  });
});

describe('build results', () => {
  const summary = 'tool word_count 1.0.0: Counts words\n  network:    none\n  secrets:    none';
  it('reports an installed tool by name, with the capability summary as details', () => {
    const s = summarizeBuild({ name: 'word_count', installed: true, message: summary }, 'WordCount.java');
    assert.equal(s.ok, true);
    assert.equal(s.tool, 'word_count');
    assert.equal(s.installed, true);
    assert.equal(s.message, 'Built and installed tool "word_count": it can be called now.');
    assert.equal(s.details, summary);
  });
  it('tells a declined installation from a build-only request', () => {
    assert.match(summarizeBuild({ name: 'w', installed: false, message: summary }, 'W.java', true).message, /not installed \(the installation was declined\)/);
    assert.equal(summarizeBuild({ name: 'w', installed: false, message: summary }, 'W.java', false).message, 'Built tool "w" (not installed).');
  });
  it('reports compiler errors given as diagnostics', () => {
    const s = summarizeBuild({ ok: false, diagnostics: [{ line: 7, column: 12, message: "';' expected", severity: 'ERROR' }, { line: 2, message: 'unused', severity: 'WARNING' }] }, 'Bad.java');
    assert.equal(s.ok, false);
    assert.equal(s.diagnostics.length, 2);
    assert.equal(s.diagnostics[0].severity, 'error');
    assert.equal(s.diagnostics[1].severity, 'warning');
    assert.match(s.message, /failed \(1 error\): Bad\.java:7: ';' expected/);
  });
  it('infers failure from errors when there is no ok flag', () => {
    assert.equal(summarizeBuild({ errors: ['boom'] }, 'A.java').ok, false);
    assert.equal(summarizeBuild({ name: 'a' }, 'A.java').ok, true);
  });
  it('finds the compiler problems of a failed build in its error message (the toolsmith\'s format)', () => {
    const message = "the build failed in compile:\nGreeter.java:12:5: error: cannot find symbol\nGreeter.java:3: warning: unused import\nOther.java:1:1: error: elsewhere\nGreeter.java: error: no line";
    assert.deepEqual(problemsInMessage(message, '/ws/tools/Greeter.java'), [
      { line: 12, column: 5, message: 'cannot find symbol', severity: 'error' },
      { line: 3, column: 1, message: 'unused import', severity: 'warning' },
    ]);
    assert.deepEqual(problemsInMessage('the build failed in teavm', 'Greeter.java'), []);
  });
});

describe('tool call results', () => {
  it('shows the outcome and the output as the model would see it, unescaped', () => {
    const text = formatCallResult('greeter', '{"name":"Ada"}', { ok: true, output: '<<<UNTRUSTED-CONTENT id=1>>>\n{"greeting":"Hello, Ada!"}\n<<<END-UNTRUSTED-CONTENT id=1>>>' });
    assert.equal(text, 'greeter {"name":"Ada"}\nok\n\n<<<UNTRUSTED-CONTENT id=1>>>\n{"greeting":"Hello, Ada!"}\n<<<END-UNTRUSTED-CONTENT id=1>>>\n');
    assert.match(formatCallResult('http_request', '{}', { ok: false, output: 'denied: not allowed' }), /refused or failed\n\ndenied: not allowed/);
  });
});
