// Renders chat items to HTML for the webview. Everything from the server or the model is untrusted text:
// it is escaped first, and only a small Markdown subset is turned into markup (no raw HTML, links only to
// http(s), no images). The webview's Content-Security-Policy is the second line of defence.
import { approvalChoices, effectText } from '../approval';
import type { Item } from './model';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A link target that may be rendered: absolute http(s) only. Returns undefined for anything else. */
export function safeHref(url: string): string | undefined {
  const u = url.trim();
  return /^https?:\/\/[^\s"'<>`]+$/i.test(u) ? u : undefined;
}

/** Inline Markdown on text that is already escaped: `code`, **bold**, *em* / _em_, [text](http…). */
function inline(escaped: string): string {
  // Code spans and links become placeholders first, so emphasis never reaches into them.
  const held: string[] = [];
  const hold = (html: string) => {
    held.push(html);
    return `\u0000${held.length - 1}\u0000`;
  };
  let s = escaped.replace(/\u0000/g, '');
  s = s.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${code}</code>`));
  s = s.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (whole, text: string, href: string) => {
    // href is escaped text: unescape to validate, escape again for the attribute.
    const raw = href.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    return safeHref(raw) ? hold(`<a href="${escapeHtml(raw)}" title="${escapeHtml(raw)}">${text}</a>`) : whole;
  });
  s = s.replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/(^|[^\w*])\*([^*\n]+)\*(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/(^|[^\w])_([^_\n]+)_(?!\w)/g, '$1<em>$2</em>');
  return s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => held[Number(i)]);
}

/** A small, safe Markdown subset: fenced code, headings, lists, paragraphs, inline marks. */
export function renderMarkdown(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const flushPara = () => {
    if (para.length) {
      out.push(`<p>${para.map((l) => inline(escapeHtml(l))).join('<br>')}</p>`);
      para = [];
    }
  };
  const flushList = () => {
    if (list) {
      out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(escapeHtml(i))}</li>`).join('')}</${list.tag}>`);
      list = undefined;
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)\s*([\w+#.-]*)\s*$/.exec(line);
    if (fence) {
      flushPara();
      flushList();
      const code: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^\\s*${fence[1]}\\s*$`).test(lines[i])) {
        code.push(lines[i]);
        i++;
      }
      const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${lang}>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flushPara();
      flushList();
      const level = Math.min(6, heading[1].length + 2);
      out.push(`<h${level}>${inline(escapeHtml(heading[2]))}</h${level}>`);
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      flushPara();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) {
        flushList();
      }
      list = list ?? { tag, items: [] };
      list.items.push((bullet ?? numbered)![1]);
      continue;
    }
    if (!line.trim()) {
      flushPara();
      flushList();
      continue;
    }
    flushList();
    para.push(line);
  }
  flushPara();
  flushList();
  return out.join('');
}

const TOOL_STATE: Record<string, string> = { running: 'running…', ok: 'done', failed: 'failed' };

/** One transcript item as HTML. The element's id is the item's id, so updates replace it in place. */
export function renderItem(item: Item): string {
  const id = escapeHtml(item.id);
  switch (item.kind) {
    case 'user':
      return `<div class="msg user" id="${id}"><div class="who">You</div><div class="body">${renderMarkdown(item.text)}</div></div>`;
    case 'assistant':
      return `<div class="msg assistant${item.open ? ' streaming' : ''}" id="${id}"><div class="who">ironclaw4j</div><div class="body">${renderMarkdown(item.text)}</div></div>`;
    case 'tool': {
      const summary = item.summary ? `<div class="summary">${escapeHtml(item.summary)}</div>` : '';
      const input = item.input ? `<details><summary>input</summary><pre>${escapeHtml(item.input)}</pre></details>` : '';
      return `<div class="tool ${item.state}" id="${id}" data-tool="${escapeHtml(item.tool)}"><span class="codicon">⚙</span> <span class="name">${escapeHtml(item.tool)}</span> <span class="state">${TOOL_STATE[item.state]}</span>${input}${summary}</div>`;
    }
    case 'approval': {
      const r = item.request;
      const effects = r.effects.length ? `<ul class="effects">${r.effects.map((e) => `<li>${escapeHtml(effectText(e))}</li>`).join('')}</ul>` : '';
      const why = r.why ? `<div class="why">${escapeHtml(r.why)}</div>` : '';
      const input = r.inputSummary ? `<pre class="input">${escapeHtml(r.inputSummary)}</pre>` : '';
      const body = `<div class="title">Run <strong>${escapeHtml(r.tool)}</strong>?</div>${why}${effects}${input}`;
      if (item.answer) {
        const said = item.answer === 'deny' ? 'Denied' : item.answer === 'allow_once' ? 'Allowed once' : 'Allowed for this session';
        return `<div class="approval answered ${item.answer}" id="${id}">${body}<div class="answer">${said}</div></div>`;
      }
      const buttons = approvalChoices(r)
        .map(
          (c) =>
            `<button class="${c.answer === 'deny' ? 'secondary' : 'primary'}" data-approval="${id}" data-answer="${c.answer}" title="${escapeHtml(c.title)}">${escapeHtml(c.label)}</button>`,
        )
        .join('');
      return `<div class="approval pending" id="${id}">${body}<div class="buttons">${buttons}</div></div>`;
    }
    case 'plan':
      return `<div class="plan" id="${id}"><div class="title">Plan</div><ol>${item.steps.map((st) => `<li>${inline(escapeHtml(st))}</li>`).join('')}</ol></div>`;
    case 'notice':
      return `<div class="notice ${item.level}" id="${id}">${renderMarkdown(item.text)}</div>`;
  }
}
