package dev.ironclaw4j.guard.tool;

/**
 * Asks the human, through the channel that made the call (editor, ACP client, CLI prompt).
 * Implementations must show the tool, its effects and a summary of the input, and must not offer
 * "always" when {@link Request#mayRemember()} is false.
 */
@FunctionalInterface
public interface Approver {
  /** The question. {@code why} says why it is asked (policy, destructive effect, trifecta...). */
  record Request(String tool, String inputSummary, java.util.Set<Effect> effects, String why, boolean mayRemember) {}

  /** The human's answer. */
  enum Answer {
    DENY,
    ALLOW_ONCE,
    /** Remembered for this session only, never beyond it. */
    ALLOW_FOR_SESSION
  }

  Answer ask(Request request);
}
