package dev.ironclaw4j.server.llm;

/** Receives the answer's text as it streams in, on the calling thread, in order. */
@FunctionalInterface
public interface ChatSink {
  void text(String delta);

  ChatSink NONE = d -> {};
}
