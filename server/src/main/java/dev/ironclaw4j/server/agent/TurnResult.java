package dev.ironclaw4j.server.agent;

/**
 * How a turn ended. {@code text} is the full final answer (redacted), or for every status other than
 * COMPLETED a message for the user that says what happened and what to do.
 */
public record TurnResult(Status status, String text, long inputTokens, long outputTokens) {
  public enum Status {
    COMPLETED,
    CANCELLED,
    /** The step or token budget ran out. */
    BUDGET_EXHAUSTED,
    /** The same tool call kept repeating without progress. */
    STUCK,
    /** No model is configured; {@code text} says how to configure one. */
    NO_MODEL,
    /** The provider failed after retries and failover, or the turn hit an internal error. */
    FAILED
  }
}
