// Drives ironclaw4j's ACP agent with the official TypeScript SDK client, over this process's
// stdin/stdout (the Java test connects them to the agent). Writes a summary to the file argv[2].
import * as acp from "@agentclientprotocol/sdk";
import { Readable, Writable } from "node:stream";
import fs from "node:fs";

const summaryFile = process.argv[2];
const answers = ["allow_once", "deny"];
const permissions = [];
const updates = [];

const stream = acp.ndJsonStream(Writable.toWeb(process.stdout), Readable.toWeb(process.stdin));
const app = acp.client({ name: "ironclaw4j-test-client" })
  .onRequest(acp.methods.client.session.requestPermission, async ({ params }) => {
    const answer = answers.shift() ?? "deny";
    permissions.push({
      toolCallId: params.toolCall.toolCallId,
      title: params.toolCall.title,
      kind: params.toolCall.kind,
      options: params.options.map((o) => `${o.optionId}/${o.kind}`),
      answer,
    });
    return { outcome: { outcome: "selected", optionId: answer } };
  })
  .onNotification(acp.methods.client.session.update, async ({ params }) => {
    updates.push(params.update);
  });

const summary = await app.connectWith(stream, async (ctx) => {
  const init = await ctx.request(acp.methods.agent.initialize, {
    protocolVersion: acp.PROTOCOL_VERSION,
    clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
    clientInfo: { name: "ironclaw4j-test-client", version: "1.0.0" },
  });
  const session = await ctx.request(acp.methods.agent.session.new, { cwd: process.cwd(), mcpServers: [] });
  const sessionId = session.sessionId;
  const prompt = (text) => ctx.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: "text", text }] });

  const first = await prompt("use a tool with a plan");
  const second = await prompt("use a tool again");

  const before = updates.length;
  const pending = prompt("wait for me");
  const deadline = Date.now() + 20000;
  while (updates.length < before + 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await ctx.notify(acp.methods.agent.session.cancel, { sessionId });
  const third = await pending;

  return {
    protocolVersion: init.protocolVersion,
    agent: init.agentInfo?.name,
    loadSession: init.agentCapabilities?.loadSession,
    sessionId,
    stops: [first.stopReason, second.stopReason, third.stopReason],
    permissions,
    kinds: updates.map((u) => u.sessionUpdate),
    toolStatuses: updates.filter((u) => u.sessionUpdate === "tool_call_update").map((u) => u.status),
    text: updates.filter((u) => u.sessionUpdate === "agent_message_chunk").map((u) => u.content.text).join(""),
  };
});
fs.writeFileSync(summaryFile, JSON.stringify(summary));
process.exit(0);
