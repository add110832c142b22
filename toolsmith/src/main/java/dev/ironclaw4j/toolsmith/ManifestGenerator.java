package dev.ironclaw4j.toolsmith;

import dev.ironclaw4j.wasm.SandboxException;
import dev.ironclaw4j.wasm.ToolManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a tool's SDK declarations (read from its source by {@link Declarations}) into its manifest:
 * the source is the single truth of what the tool may do. Every limit is written out, defaults
 * included, so the approval shows them. The manifest is then parsed by {@link ToolManifest#parse},
 * with all its checks.
 */
final class ManifestGenerator {
  static final long DEFAULT_WALL_MS = 10_000;
  static final int DEFAULT_HTTP_CALLS = 8;

  /** The manifest and the examples to run. */
  record Generated(ToolManifest manifest, String json, List<Example> examples) {}

  /** A declared example: input, expected output fields, and the source line of the tool class. */
  record Example(JsonNode input, JsonNode expected) {}

  private ManifestGenerator() {}

  /**
   * @throws IllegalArgumentException with a message for the user when a declaration is not valid
   */
  static Generated generate(JsonNode decl) {
    JsonNode tool = decl.path("tool");
    ObjectNode m = BuildWorker.JSON.createObjectNode();
    m.put("abi", ToolManifest.ABI_VERSION);
    m.put("name", tool.path("name").asString());
    m.put("version", tool.path("version").asString());
    m.put("description", tool.path("description").asString());
    if (decl.has("input_schema")) {
      if (decl.path("params").size() > 0) {
        throw new IllegalArgumentException("declare the input either with @InputSchema or with @Param, not both");
      }
      m.set("input_schema", json("@InputSchema", decl.path("input_schema").asString()));
    } else {
      ObjectNode schema = m.putObject("input_schema");
      schema.put("type", "object");
      ObjectNode props = schema.putObject("properties");
      ArrayNode required = BuildWorker.JSON.createArrayNode();
      for (JsonNode p : decl.path("params")) {
        String name = p.path("name").asString();
        String type = p.path("type").asString();
        if (!List.of("string", "integer", "number", "boolean", "array", "object").contains(type)) {
          throw new IllegalArgumentException("@Param " + name + ": type must be string, integer, number, boolean, array or object");
        }
        if (props.has(name)) {
          throw new IllegalArgumentException("@Param " + name + " is declared twice");
        }
        ObjectNode prop = props.putObject(name);
        prop.put("type", type);
        if (!p.path("description").asString().isEmpty()) {
          prop.put("description", p.path("description").asString());
        }
        if (p.path("required").asBoolean()) {
          required.add(name);
        }
      }
      schema.set("required", required);
      schema.put("additionalProperties", false);
    }
    ArrayNode http = m.putArray("http");
    for (JsonNode h : decl.path("http")) {
      List<String> methods = new ArrayList<>();
      h.path("methods").forEach(x -> methods.add(x.asString()));
      http.add(h.path("value").asString() + " " + String.join(",", methods) + (h.path("allowPrivate").asBoolean() ? " allow-private" : ""));
    }
    m.set("secrets", decl.path("secrets").deepCopy());
    m.set("workspace_read", decl.path("workspace_read").deepCopy());
    JsonNode l = decl.path("limits");
    ObjectNode limits = m.putObject("limits");
    limits.put("wall_time_ms", l.path("wallTimeMs").asLong(DEFAULT_WALL_MS));
    limits.put("fuel", l.path("fuel").asLong(2_000_000_000L));
    limits.put("memory_pages", l.path("memoryPages").asInt(64));
    limits.put("output_bytes", l.path("outputBytes").asInt(65_536));
    int calls = l.path("httpCalls").asInt(-1);
    limits.put("http_calls", calls >= 0 ? calls : http.isEmpty() ? 0 : DEFAULT_HTTP_CALLS);
    limits.put("heap_mb", l.path("heapMb").asInt(128));
    String text = BuildWorker.JSON.writeValueAsString(m);
    ToolManifest manifest;
    try {
      manifest = ToolManifest.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (SandboxException e) {
      throw new IllegalArgumentException(e.getMessage().replace("manifest refused: ", "the declarations do not make a valid manifest: "), e);
    }
    List<Example> examples = new ArrayList<>();
    for (JsonNode e : decl.path("examples")) {
      JsonNode in = json("@Example input", e.path("input").asString());
      JsonNode out = json("@Example output", e.path("output").asString());
      if (!in.isObject() || !out.isObject()) {
        throw new IllegalArgumentException("@Example input and output must be JSON objects");
      }
      examples.add(new Example(in, out));
    }
    return new Generated(manifest, manifest.canonicalJson(), List.copyOf(examples));
  }

  private static JsonNode json(String what, String text) {
    try {
      JsonNode n = BuildWorker.JSON.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw new IllegalArgumentException(what + " is empty");
      }
      return n;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage());
    }
  }
}
