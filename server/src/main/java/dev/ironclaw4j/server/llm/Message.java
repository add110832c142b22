package dev.ironclaw4j.server.llm;

import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation as providers see it. {@code toolCalls} only on assistant messages;
 * {@code toolCallId} and {@code toolName} only on tool messages (the answer to one call).
 */
public record Message(Role role, String text, List<ToolCall> toolCalls, String toolCallId, String toolName) {
  /** Who speaks. */
  public enum Role {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL
  }

  public Message {
    Objects.requireNonNull(role, "role");
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static Message system(String text) {
    return new Message(Role.SYSTEM, text, List.of(), null, null);
  }

  public static Message user(String text) {
    return new Message(Role.USER, text, List.of(), null, null);
  }

  public static Message assistant(String text, List<ToolCall> calls) {
    return new Message(Role.ASSISTANT, text, calls, null, null);
  }

  public static Message tool(String callId, String toolName, String text) {
    return new Message(Role.TOOL, text, List.of(), Objects.requireNonNull(callId), Objects.requireNonNull(toolName));
  }

  /** The same message with its texts (and tool arguments) passed through {@code f}, e.g. a redactor. */
  public Message map(java.util.function.UnaryOperator<String> f) {
    List<ToolCall> calls = toolCalls.stream().map(c -> new ToolCall(c.id(), c.name(), f.apply(c.arguments()))).toList();
    return new Message(role, f.apply(text), calls, toolCallId, toolName);
  }

  /** Characters of text in this message, for token estimates. */
  public int size() {
    int n = text.length();
    for (ToolCall c : toolCalls) {
      n += c.name().length() + c.arguments().length() + 16;
    }
    return n;
  }
}
