// The chat webview. It only displays HTML the extension rendered (and escaped) and posts the user's
// input back; it holds no state the extension does not also hold.
(function () {
  const vscode = acquireVsCodeApi();
  const transcript = document.getElementById('transcript');
  const form = document.getElementById('composer');
  const prompt = document.getElementById('prompt');
  const send = document.getElementById('send');
  const cancel = document.getElementById('cancel');
  const newChat = document.getElementById('new');
  let busy = false;

  function fragment(html) {
    const t = document.createElement('template');
    t.innerHTML = html;
    return t.content.firstElementChild;
  }

  function upsert(items) {
    const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
    for (const { id, html } of items) {
      const el = fragment(html);
      if (!el) continue;
      const old = document.getElementById(id);
      if (old) old.replaceWith(el); else transcript.appendChild(el);
    }
    if (atBottom) transcript.scrollTop = transcript.scrollHeight;
  }

  function setBusy(b) {
    busy = b;
    send.disabled = b;
    cancel.disabled = !b;
    document.body.classList.toggle('busy', b);
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'reset') { transcript.replaceChildren(); upsert(m.items || []); }
    else if (m.type === 'upsert') upsert(m.items || []);
    else if (m.type === 'busy') setBusy(!!m.busy);
  });

  transcript.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-approval]');
    if (!button) return;
    const box = button.closest('.approval');
    if (box) box.querySelectorAll('button').forEach((b) => (b.disabled = true));
    vscode.postMessage({ type: 'approval', id: button.dataset.approval, answer: button.dataset.answer });
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = prompt.value;
    if (!text.trim() || busy) return;
    prompt.value = '';
    vscode.postMessage({ type: 'send', text });
  });
  prompt.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  newChat.addEventListener('click', () => vscode.postMessage({ type: 'newChat' }));

  vscode.postMessage({ type: 'ready' });
  prompt.focus();
})();
