// Times tools/call round trips of a trivial tool with the official TypeScript SDK client; prints one
// JSON line. Usage:
//   node bench-client.mjs --calls N --concurrency C --http URL [--token T]
//   node bench-client.mjs --calls N --concurrency C --stdio COMMAND ARGS...
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i < 0 ? dflt : args[i + 1]; };
const calls = Number(opt("--calls", "500"));
const concurrency = Number(opt("--concurrency", "1"));
const warmup = Math.min(200, Math.max(20, Math.floor(calls / 5)));
let transport;
if (args.includes("--stdio")) {
  const cmd = args.slice(args.indexOf("--stdio") + 1);
  transport = new StdioClientTransport({ command: cmd[0], args: cmd.slice(1), env: process.env, stderr: "ignore" });
} else {
  const token = opt("--token", null);
  transport = new StreamableHTTPClientTransport(new URL(opt("--http")), {
    requestInit: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
  });
}
const client = new Client({ name: "mcp-bench", version: "1.0.0" });
await client.connect(transport);
const call = async () => {
  const r = await client.callTool({ name: "echo", arguments: { text: "ping" } });
  if (r.isError) throw new Error("tool error: " + JSON.stringify(r.content));
};
for (let i = 0; i < warmup; i++) await call();
const latencies = [];
let next = 0;
const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < calls) {
    next++;
    const s = process.hrtime.bigint();
    await call();
    latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
}));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
process.stdout.write(JSON.stringify({ calls, concurrency, perSecond: calls / seconds, p50ms: q(0.5), p99ms: q(0.99) }) + "\n");
await client.close();
