package dev.ironclaw4j.server.llm;

import java.util.List;

/**
 * What the model answered: its text (possibly empty), the tool calls it asks for (several for parallel
 * calls), why it stopped ({@code stop}, {@code tool_calls}, {@code length}, ...), the tokens used, which
 * configured model answered ({@code provider} is its {@link ModelSettings#id()}; after failover, the second)
 * and the model name the provider reported.
 */
public record ChatResponse(String text, List<ToolCall> toolCalls, String stopReason, Usage usage, String provider, String model) {
  public ChatResponse {
    text = text == null ? "" : text;
    toolCalls = List.copyOf(toolCalls);
    stopReason = stopReason == null ? "" : stopReason;
  }
}
