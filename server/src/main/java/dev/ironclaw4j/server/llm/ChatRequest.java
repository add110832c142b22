package dev.ironclaw4j.server.llm;

import java.util.List;

/** One call to a model: the conversation (system message first, if any), the tools it may call, an output cap. */
public record ChatRequest(List<Message> messages, List<ToolDef> tools, int maxOutputTokens) {
  public ChatRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be positive");
    }
  }

  /** The whole request's text size, for token estimates. */
  public long estimatedInputTokens() {
    long chars = 0;
    for (Message m : messages) {
      chars += m.size();
    }
    for (ToolDef t : tools) {
      chars += t.name().length() + t.description().length() + t.parameters().toString().length();
    }
    return (chars + 3) / 4;
  }
}
