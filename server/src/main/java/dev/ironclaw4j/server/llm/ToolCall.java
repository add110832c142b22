package dev.ironclaw4j.server.llm;

import java.util.Objects;

/** A tool call the model asked for: its id (to answer it), the tool's name and the arguments as JSON text. */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
