// Drives serve's /mcp with the official TypeScript SDK client over Streamable HTTP; prints one JSON summary.
// Usage: node ts-http-client.mjs MCP_URL TOKEN API_URL
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const [url, token, apiUrl] = process.argv.slice(2);
const text = (r) => (r.content ?? []).map((c) => (c.type === "text" ? c.text : JSON.stringify(c))).join("\n");
const asked = [];

// answer: the elicitation result this client gives, or null for a client without elicitation.
async function connect(answer, bearer = token) {
  const client = new Client({ name: "ts-http-interop", version: "1.0.0" }, { capabilities: answer ? { elicitation: {} } : {} });
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push({ message: req.params.message, choices: req.params.requestedSchema?.properties?.decision?.enum ?? [] });
      return answer;
    });
  }
  const headers = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  await client.connect(transport);
  return client;
}

const summary = {};
try {
  await connect(null, "wrong-token");
  summary.wrongToken = "connected";
} catch (e) {
  summary.wrongToken = String(e?.message ?? e);
}

const plain = await connect(null);
try {
  summary.server = plain.getServerVersion();
  const tools = (await plain.listTools()).tools;
  summary.tools = tools.map((t) => t.name);
  summary.httpSchemaHasUrl = Boolean(tools.find((t) => t.name === "http_request")?.inputSchema?.properties?.url);
  const progress = [];
  const echo = await plain.callTool({ name: "echo", arguments: { text: "hello over http" } }, undefined, {
    onprogress: (p) => progress.push(p),
  });
  summary.echo = { isError: Boolean(echo.isError), text: text(echo), structured: echo.structuredContent ?? null, progress };
  const http = await plain.callTool({ name: "http_request", arguments: { url: apiUrl, method: "GET" } });
  summary.httpWithoutPrompt = { isError: Boolean(http.isError), text: text(http) };
} finally {
  await plain.close();
}

const approving = await connect({ action: "accept", content: { decision: "allow_once" } });
try {
  const r = await approving.callTool({ name: "http_request", arguments: { url: apiUrl, method: "GET" } });
  summary.httpApproved = { isError: Boolean(r.isError), text: text(r) };
} finally {
  await approving.close();
}

const declining = await connect({ action: "decline" });
try {
  const r = await declining.callTool({ name: "http_request", arguments: { url: apiUrl, method: "GET" } });
  summary.httpDeclined = { isError: Boolean(r.isError), text: text(r) };
} finally {
  await declining.close();
}
summary.asked = asked;
process.stdout.write(JSON.stringify(summary) + "\n");
