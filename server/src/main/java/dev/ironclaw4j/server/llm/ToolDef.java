package dev.ironclaw4j.server.llm;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** A tool as the model is told about it: name, description and the JSON Schema of its input. */
public record ToolDef(String name, String description, JsonNode parameters) {
  public ToolDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parameters, "parameters");
  }
}
