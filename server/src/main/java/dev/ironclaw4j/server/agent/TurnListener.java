package dev.ironclaw4j.server.agent;

import java.util.List;

/**
 * What a channel sees while a turn runs. Every text passed here has already been through the leak
 * detector's redaction; tool inputs and outputs are summaries, capped in size. Callbacks must return
 * quickly and must not throw (a throwing listener is logged and ignored).
 */
public interface TurnListener {
  /** A piece of the assistant's answer, in order. */
  default void delta(String text) {}

  /** The model asked for a tool call; the pipeline is about to validate and approve it. */
  default void toolCall(String callId, String tool, String inputSummary) {}

  /** The call ended: {@code ok} false when denied, refused or failed; {@code summary} says how. */
  default void toolResult(String callId, String tool, boolean ok, String summary) {}

  /** The agent's plan for this turn, when the model gives one. */
  default void plan(List<String> steps) {}

  TurnListener NONE = new TurnListener() {};
}
