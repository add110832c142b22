/**
 * Model providers: OpenAI-compatible chat completions and Anthropic Messages, streamed, with tool calls,
 * retries with backoff and failover. Every call goes through guard's egress with a policy of exactly the
 * provider's URL; the API key is a vault secret that egress injects by its binding, so no class here ever
 * holds its value.
 */
package dev.ironclaw4j.server.llm;
