/**
 * The agent core: sessions, the agent loop and the {@link dev.ironclaw4j.server.agent.Conversations}
 * interface that every chat channel (CLI, LSP, ACP) uses, so that no protocol has a weaker path to tools.
 */
package dev.ironclaw4j.server.agent;
