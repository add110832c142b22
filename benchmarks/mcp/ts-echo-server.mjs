// The same trivial tool as ironclaw4j's 'echo', served by the official TypeScript SDK: the baseline of
// mcp-bench.sh. Usage: node ts-echo-server.mjs            (stdio)
//                      node ts-echo-server.mjs --http PORT (Streamable HTTP on 127.0.0.1:PORT; 0 = any free port)
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { randomUUID } from "node:crypto";
import http from "node:http";

function makeServer() {
  const server = new Server({ name: "ts-echo", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{
      name: "echo",
      description: "Returns the text it is given.",
      inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => ({ content: [{ type: "text", text: String(req.params.arguments?.text ?? "") }] }));
  return server;
}

const i = process.argv.indexOf("--http");
if (i < 0) {
  await makeServer().connect(new StdioServerTransport());
} else {
  const port = Number(process.argv[i + 1]);
  const sessions = {};
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    const id = req.headers["mcp-session-id"];
    let transport = id ? sessions[id] : undefined;
    if (!transport) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => { sessions[sid] = transport; },
      });
      await makeServer().connect(transport);
    }
    await transport.handleRequest(req, res, body);
  });
  server.listen(port, "127.0.0.1", () => process.stdout.write(`listening ${server.address().port}\n`));
}
