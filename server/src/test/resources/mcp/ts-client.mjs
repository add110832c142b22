// Drives `ironclaw4j mcp` with the official TypeScript SDK client over stdio; prints one JSON summary.
// Usage: node ts-client.mjs JAVA CLASSPATH HOME
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [java, classpath, home] = process.argv.slice(2);
const env = {};
for (const [k, v] of Object.entries(process.env)) {
  if (v !== undefined) env[k] = v;
}
const transport = new StdioClientTransport({
  command: java,
  args: ["-cp", classpath, "dev.ironclaw4j.server.cli.Main", "--home", home, "mcp"],
  env,
  stderr: "ignore",
});
const client = new Client({ name: "ts-sdk-interop", version: "1.0.0" });
const text = (r) => (r.content ?? []).map((c) => (c.type === "text" ? c.text : JSON.stringify(c))).join("\n");
try {
  await client.connect(transport);
  const tools = (await client.listTools()).tools;
  const echo = await client.callTool({ name: "echo", arguments: { text: "hello from typescript" } });
  const http = await client.callTool({ name: "http_request", arguments: { url: "http://127.0.0.1:9/api", method: "GET" } });
  const summary = {
    server: client.getServerVersion(),
    protocol: transport.protocolVersion ?? null,
    tools: tools.map((t) => t.name),
    httpSchemaHasUrl: Boolean(tools.find((t) => t.name === "http_request")?.inputSchema?.properties?.url),
    echo: { isError: Boolean(echo.isError), text: text(echo) },
    http: { isError: Boolean(http.isError), text: text(http) },
  };
  process.stdout.write(JSON.stringify(summary) + "\n");
} finally {
  await client.close();
}
