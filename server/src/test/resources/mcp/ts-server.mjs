// A stdio MCP server on the official TypeScript SDK, for mounting tests.
// Usage: node ts-server.mjs [DESCRIPTION_FILE]   (the description of 'add' is read from the file when given)
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { readFileSync } from "node:fs";

const descriptionFile = process.argv[2];
const addDescription = descriptionFile ? readFileSync(descriptionFile, "utf8").trim() : "Adds two numbers.";
const server = new Server({ name: "ts-demo", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: "add",
      description: addDescription,
      inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
    },
    {
      name: "env-names",
      description: "Lists the names of the environment variables this server sees.",
      inputSchema: { type: "object", properties: {} },
    },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async (req) => {
  const { name, arguments: args } = req.params;
  if (name === "add") return { content: [{ type: "text", text: `sum=${args.a + args.b}` }] };
  if (name === "env-names") return { content: [{ type: "text", text: Object.keys(process.env).sort().join(",") }] };
  return { content: [{ type: "text", text: `unknown tool ${name}` }], isError: true };
});
await server.connect(new StdioServerTransport());
