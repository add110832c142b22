package dev.ironclaw4j.server.agent;

import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;

/**
 * The agent loop's limits: model calls per turn, the turn's token budget, the context size at which older
 * messages are summarized, the output cap per call, and the largest tool output kept in the context.
 */
public record AgentSettings(int maxSteps, long maxTurnTokens, long contextTokens, int maxOutputTokens, int maxToolOutputChars) {
  /** Tool outputs longer than this are cut (middle) before they enter the context. */
  public static final int DEFAULT_MAX_TOOL_OUTPUT_CHARS = 48_000;

  public AgentSettings {
    if (maxSteps < 1 || maxTurnTokens < 1 || contextTokens < 1 || maxOutputTokens < 1 || maxToolOutputChars < 1000) {
      throw new IllegalArgumentException("agent limits must be positive");
    }
  }

  public static AgentSettings from(Config config) {
    return new AgentSettings(config.integer(ConfigKeys.AGENT_MAX_STEPS), config.integer(ConfigKeys.AGENT_MAX_TURN_TOKENS),
        config.integer(ConfigKeys.AGENT_CONTEXT_TOKENS), config.integer(ConfigKeys.MODEL_MAX_OUTPUT_TOKENS),
        DEFAULT_MAX_TOOL_OUTPUT_CHARS);
  }

  public AgentSettings withMaxSteps(int n) {
    return new AgentSettings(n, maxTurnTokens, contextTokens, maxOutputTokens, maxToolOutputChars);
  }

  public AgentSettings withMaxTurnTokens(long n) {
    return new AgentSettings(maxSteps, n, contextTokens, maxOutputTokens, maxToolOutputChars);
  }

  public AgentSettings withContextTokens(long n) {
    return new AgentSettings(maxSteps, maxTurnTokens, n, maxOutputTokens, maxToolOutputChars);
  }
}
