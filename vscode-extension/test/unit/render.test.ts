import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeApprovalRequest } from '../../src/approval';
import type { Item } from '../../src/chat/model';
import { escapeHtml, renderItem, renderMarkdown, safeHref } from '../../src/chat/render';

const TAGS = new Set(['p', 'br', 'pre', 'code', 'strong', 'em', 'ul', 'ol', 'li', 'h3', 'h4', 'h5', 'h6', 'a', 'div', 'span', 'details', 'summary', 'button']);
const ATTRS = new Set(['class', 'id', 'href', 'title', 'data-approval', 'data-answer', 'data-tool']);

/**
 * Every tag in the output is one the renderer makes, with only its own attributes, and every link is
 * http(s). Text never holds a raw "<", so each "<" starts a real tag.
 */
function assertInert(html: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    assert.ok(TAGS.has(m[1].toLowerCase()), `tag ${m[1]} in ${html}`);
    const attrs = m[2].replace(/"[^"]*"/g, '""');
    for (const a of attrs.matchAll(/([^\s=]+)\s*=/g)) {
      assert.ok(ATTRS.has(a[1].toLowerCase()), `attribute ${a[1]} in ${html}`);
    }
    for (const h of m[2].matchAll(/href="([^"]*)"/g)) {
      assert.match(h[1], /^https?:\/\//, html);
    }
    assert.doesNotMatch(m[2], /[<'`]/, html);
  }
  assert.equal((html.match(/</g) ?? []).length, [...html.matchAll(/<\/?[a-zA-Z0-9]+[^>]*>/g)].length, html);
}

describe('markdown rendering', () => {
  it('renders the subset: paragraphs, code, emphasis, lists, headings, links', () => {
    assert.equal(renderMarkdown('Hello **world** and *you*'), '<p>Hello <strong>world</strong> and <em>you</em></p>');
    assert.equal(renderMarkdown('use `npm test`'), '<p>use <code>npm test</code></p>');
    assert.equal(renderMarkdown('```js\nconst a = 1 < 2;\n```'), '<pre><code class="language-js">const a = 1 &lt; 2;</code></pre>');
    assert.equal(renderMarkdown('- a\n- b\n\n1. c'), '<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>');
    assert.equal(renderMarkdown('## Plan'), '<h4>Plan</h4>');
    assert.equal(renderMarkdown('line1\nline2'), '<p>line1<br>line2</p>');
    assert.equal(renderMarkdown('[docs](https://example.com/a?b=1&c=2)'), '<p><a href="https://example.com/a?b=1&amp;c=2" title="https://example.com/a?b=1&amp;c=2">docs</a></p>');
  });

  it('keeps an unfinished code fence as code while the answer streams', () => {
    assert.equal(renderMarkdown('see:\n```\nlet x'), '<p>see:</p><pre><code>let x</code></pre>');
  });

  it('escapes raw HTML and script from a hostile model', () => {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '[click](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](https://ok.example/"onmouseover="alert(1))',
      '**<svg onload=alert(1)>**',
      '`</code><script>alert(1)</script>`',
      '```"><script>x</script>\nbody\n```',
      '<a href="javascript:alert(1)">x</a>',
      '[a](https://e.com/_x_*y*)',
      '\u0000 0\u0000 smuggled placeholder',
    ];
    for (const a of attacks) {
      const html = renderMarkdown(a);
      assertInert(html);
    }
    assert.equal(renderMarkdown('[click](javascript:alert(1))'), '<p>[click](javascript:alert(1))</p>');
    assert.equal(safeHref('javascript:alert(1)'), undefined);
    assert.equal(safeHref('https://x.example/a'), 'https://x.example/a');
  });

  it('escapes the five HTML characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('transcript items', () => {
  it('renders tool calls with their state, input and summary escaped', () => {
    const item: Item = { id: 't-1', kind: 'tool', turnId: 'T', callId: 'c', tool: 'echo<b>', input: '{"text":"<script>"}', state: 'ok', summary: 'said <hi>' };
    const html = renderItem(item);
    assertInert(html);
    assert.match(html, /class="tool ok"/);
    assert.match(html, /echo&lt;b&gt;/);
    assert.match(html, /said &lt;hi&gt;/);
  });

  it('renders a pending approval with the buttons the request allows, then the answer', () => {
    const request = normalizeApprovalRequest({ tool: 'http_request', inputSummary: 'GET <x>', effects: ['network'], why: 'policy says ask', mayRemember: false });
    const item: Item = { id: 'a-1', kind: 'approval', request };
    const html = renderItem(item);
    assertInert(html);
    assert.match(html, /data-answer="allow_once"/);
    assert.match(html, /data-answer="deny"/);
    assert.doesNotMatch(html, /allow_session/);
    assert.match(html, /sends or receives data over the network/);
    assert.match(html, /GET &lt;x&gt;/);
    const answered = renderItem({ ...item, answer: 'allow_once' } as Item);
    assert.doesNotMatch(answered, /<button/);
    assert.match(answered, /Allowed once/);
  });

  it('renders a plan as an escaped numbered list', () => {
    const html = renderItem({ id: 'p-1', kind: 'plan', turnId: 'T', steps: ['read `notes/<x>.md`', '<script>alert(1)</script>'] });
    assertInert(html);
    assert.match(html, /<ol><li>read <code>notes\/&lt;x&gt;.md<\/code><\/li><li>&lt;script&gt;/);
  });

  it('marks the streaming message and renders user text as markdown, escaped', () => {
    const html = renderItem({ id: 'm-1', kind: 'assistant', turnId: 'T', text: 'hi <b>', open: true });
    assert.match(html, /streaming/);
    assert.match(html, /hi &lt;b&gt;/);
    assertInert(renderItem({ id: 'u-1', kind: 'user', text: '<img src=x onerror=alert(1)>' }));
  });
});
