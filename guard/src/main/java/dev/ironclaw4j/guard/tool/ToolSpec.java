package dev.ironclaw4j.guard.tool;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a tool is: its name, a description for the model, the JSON Schema of its input, its effects,
 * where it comes from ({@code builtin}, {@code wasm}, {@code mcp:SERVER}), whether its output is
 * untrusted content (web pages, third-party data) and a digest of its capabilities, which changes when
 * the tool's manifest or definition changes so that earlier approvals no longer cover it.
 */
public record ToolSpec(
    String name,
    String description,
    JsonNode inputSchema,
    Set<Effect> effects,
    String source,
    boolean untrustedOutput,
    String capabilityDigest) {

  public ToolSpec {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9_]{0,47}(\\.[a-z][a-z0-9_]{0,47})?")) {
      throw new IllegalArgumentException("tool name must be lower_snake_case (optionally namespace.name): " + name);
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(inputSchema, "inputSchema");
    effects = effects.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(effects));
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(capabilityDigest, "capabilityDigest");
  }

  public boolean has(Effect e) {
    return effects.contains(e);
  }

  /** Whether a call can carry data out of the machine. */
  public boolean canExfiltrate() {
    return effects.stream().anyMatch(Effect::canExfiltrate);
  }
}
