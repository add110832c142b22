package dev.ironclaw4j.server.llm;

/**
 * A model behind a provider API. {@link #chat} blocks until the answer is complete, handing text to the
 * sink as it streams; the sink's {@link ChatSink#cancelled()} (or interrupting the calling thread) aborts
 * the exchange with a {@link ModelException} of reason {@code cancelled}. Implementations are thread-safe.
 */
public interface ChatModel {
  /** For messages and accounting: {@code provider:model}, e.g. {@code openai-compatible:gpt-4o-mini}. */
  String id();

  /**
   * @throws ModelException when the provider refuses or fails after retries; {@link ModelException#streamed()}
   *     says whether part of an answer already reached the sink
   */
  ChatResponse chat(ChatRequest request, ChatSink sink);
}
