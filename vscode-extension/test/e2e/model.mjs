// A scripted, OpenAI-compatible chat model for the end-to-end tests: POST /v1/chat/completions, streamed
// as server-sent events (or one JSON answer when stream is false). It keeps every request body so the
// tests can check what reached "the model" — never a secret value.
//
// The script: when the conversation has no tool result after the last user message, the model asks for
// one tool call (the tool and input are configurable); once the tool result is there, it answers with
// text that quotes the tool result, in several chunks.
import { createServer } from 'node:http';

export async function startScriptedModel({ tool = 'secret_list', input = {}, answerPrefix = 'The tool answered: ' } = {}) {
  const requests = [];
  let callSeq = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.method !== 'POST' || !/\/chat\/completions$/.test(req.url ?? '')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      let parsed;
      try {
        parsed = JSON.parse(body);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'body is not JSON' } }));
        return;
      }
      const messages = Array.isArray(parsed.messages) ? parsed.messages : [];
      const lastUser = messages.map((m) => m.role).lastIndexOf('user');
      const toolResult = messages.slice(lastUser + 1).find((m) => m.role === 'tool');
      const model = parsed.model ?? 'scripted';
      if (!toolResult) {
        const id = `call_${++callSeq}`;
        const args = JSON.stringify(input);
        reply(res, parsed.stream !== false, model, {
          chunks: [
            { role: 'assistant', content: 'Let me check with a tool. ' },
            { tool_calls: [{ index: 0, id, type: 'function', function: { name: tool, arguments: args.slice(0, 5) } }] },
            { tool_calls: [{ index: 0, function: { arguments: args.slice(5) } }] },
          ],
          finish: 'tool_calls',
          message: { role: 'assistant', content: 'Let me check with a tool. ', tool_calls: [{ id, type: 'function', function: { name: tool, arguments: args } }] },
        });
        return;
      }
      const content = typeof toolResult.content === 'string' ? toolResult.content : JSON.stringify(toolResult.content);
      const text = `${answerPrefix}${content.replace(/\s+/g, ' ').slice(0, 300)}. Done.`;
      const pieces = text.match(/.{1,24}/gs) ?? [text];
      reply(res, parsed.stream !== false, model, {
        chunks: [{ role: 'assistant', content: '' }, ...pieces.map((p) => ({ content: p }))],
        finish: 'stop',
        message: { role: 'assistant', content: text },
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function reply(res, stream, model, { chunks, finish, message }) {
  const id = `chatcmpl-${Date.now()}`;
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, object: 'chat.completion', model, choices: [{ index: 0, message, finish_reason: finish }], usage }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  let i = 0;
  const next = () => {
    if (i < chunks.length) {
      send({ id, object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: chunks[i++], finish_reason: null }] });
      setTimeout(next, 40);
      return;
    }
    send({ id, object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: {}, finish_reason: finish }], usage });
    res.write('data: [DONE]\n\n');
    res.end();
  };
  next();
}
