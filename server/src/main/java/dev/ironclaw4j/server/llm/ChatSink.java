package dev.ironclaw4j.server.llm;

/** Receives the answer's text as it streams in, on the calling thread, in order; and says when to stop. */
@FunctionalInterface
public interface ChatSink {
  void text(String delta);

  /**
   * Polled while the call runs (about every 100 ms, and between retries): true stops it, and the call
   * ends with a {@link ModelException} of reason {@code cancelled}. No thread is interrupted.
   */
  default boolean cancelled() {
    return false;
  }

  ChatSink NONE = d -> {};
}
