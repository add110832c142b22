package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.egress.EgressRule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The capability manifest of a WASM tool: the JSON file beside its {@code .wasm} (format in
 * {@code docs/tool-abi.md}). An immutable value validated in its constructor; it grants nothing that
 * is not written in it: no HTTP rule, no secret and no workspace prefix by default, and every limit
 * must be stated. {@link #parse} refuses unknown fields, so a misspelt or invented grant is an error
 * rather than silently ignored.
 *
 * @param abi host ABI version the module is built for (only {@value #ABI_VERSION})
 * @param outputSchema JSON Schema the output must satisfy ({@code {}} accepts any JSON)
 * @param http egress rules for the {@code http} host function, in {@link EgressRule#parse} syntax
 * @param secrets secret names the tool may mention as {@code {{secret:NAME}}} placeholders
 * @param workspaceRead workspace-relative path prefixes the tool may read
 * @param invoke aliases the tool may call through {@code invoke_tool}, each naming one tool
 */
public record ToolManifest(
    int abi,
    String name,
    String version,
    String description,
    JsonNode inputSchema,
    JsonNode outputSchema,
    List<EgressRule> http,
    List<String> secrets,
    List<String> workspaceRead,
    Map<String, String> invoke,
    Limits limits) {
  public static final int ABI_VERSION = 1;
  /** Largest manifest file accepted. */
  public static final int MAX_MANIFEST_BYTES = 64 * 1024;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
  private static final Pattern VERSION = Pattern.compile("[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}([-+][0-9A-Za-z.-]{1,64})?");
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Set<String> FIELDS = Set.of("abi", "name", "version", "description", "input_schema",
      "output_schema", "http", "secrets", "workspace_read", "invoke", "limits");
  private static final Pattern TOOL = Pattern.compile("[a-z][a-z0-9_]{0,47}(\\.[a-z][a-z0-9_]{0,47})?");
  private static final Set<String> LIMIT_FIELDS = Set.of("wall_time_ms", "fuel", "memory_pages", "output_bytes", "http_calls",
      "heap_mb");
  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(32).maxStringLength(16 * 1024).maxNumberLength(20).build())
          .build())
      .build();

  public ToolManifest {
    if (abi != ABI_VERSION) {
      throw new IllegalArgumentException("abi: this runtime speaks host ABI " + ABI_VERSION + ", the manifest asks for " + abi);
    }
    require("name", name, NAME, "lower_snake_case, at most 48 characters");
    require("version", version, VERSION, "semantic version such as 1.2.0");
    Objects.requireNonNull(description, "description");
    if (description.isBlank() || description.length() > 2000) {
      throw new IllegalArgumentException("description: must be 1 to 2000 characters");
    }
    inputSchema = schema("input_schema", inputSchema);
    outputSchema = outputSchema == null ? JSON.createObjectNode() : schema("output_schema", outputSchema);
    http = List.copyOf(Objects.requireNonNull(http, "http"));
    secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
    for (String s : secrets) {
      require("secrets", s, SECRET, "secret names use A-Z a-z 0-9 _ . -");
    }
    if (new HashSet<>(secrets).size() != secrets.size()) {
      throw new IllegalArgumentException("secrets: a name is listed twice");
    }
    workspaceRead = List.copyOf(Objects.requireNonNull(workspaceRead, "workspace_read"));
    for (String p : workspaceRead) {
      checkPrefix(p);
    }
    invoke = Map.copyOf(new TreeMap<>(Objects.requireNonNull(invoke, "invoke")));
    if (invoke.size() > 16) {
      throw new IllegalArgumentException("invoke: at most 16 aliases");
    }
    invoke.forEach((alias, tool) -> {
      require("invoke", alias, NAME, "aliases are lower_snake_case");
      require("invoke." + alias, tool, TOOL, "a tool name");
    });
    Objects.requireNonNull(limits, "limits");
  }

  @Override
  public JsonNode inputSchema() {
    return inputSchema.deepCopy();
  }

  @Override
  public JsonNode outputSchema() {
    return outputSchema.deepCopy();
  }

  /**
   * Parses a manifest file's text.
   *
   * @throws SandboxException {@code bad-manifest}, naming the field at fault
   */
  public static ToolManifest parse(byte[] bytes) {
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw bad("manifest is " + bytes.length + " bytes; the limit is " + MAX_MANIFEST_BYTES);
    }
    JsonNode root;
    try {
      root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      String m = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("");
      throw bad("manifest is not acceptable JSON: " + m);
    }
    if (root == null || !root.isObject()) {
      throw bad("manifest must be a JSON object");
    }
    try {
      onlyKnown(root, FIELDS, "");
      JsonNode lim = field(root, "limits");
      if (!lim.isObject()) {
        throw new IllegalArgumentException("limits: must be an object");
      }
      onlyKnown(lim, LIMIT_FIELDS, "limits.");
      Limits limits = new Limits(Duration.ofMillis(number(lim, "wall_time_ms", "limits.")), number(lim, "fuel", "limits."),
          Math.toIntExact(number(lim, "memory_pages", "limits.")), Math.toIntExact(number(lim, "output_bytes", "limits.")),
          Math.toIntExact(number(lim, "http_calls", "limits.")),
          lim.has("heap_mb") ? Math.toIntExact(number(lim, "heap_mb", "limits.")) : 0);
      List<EgressRule> rules = new ArrayList<>();
      List<String> ruleTexts = strings(root, "http");
      for (int i = 0; i < ruleTexts.size(); i++) {
        try {
          rules.add(EgressRule.parse(ruleTexts.get(i)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("http[" + i + "]: " + e.getMessage(), e);
        }
      }
      return new ToolManifest(Math.toIntExact(number(root, "abi", "")), text(root, "name"), text(root, "version"),
          text(root, "description"), field(root, "input_schema"), root.get("output_schema"), rules,
          strings(root, "secrets"), strings(root, "workspace_read"), aliases(root), limits);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw bad(e.getMessage());
    }
  }

  /**
   * The manifest as canonical JSON (keys sorted, rules in their explicit text form): equal manifests
   * give equal text, so it can be hashed into the tool's capability digest.
   */
  public String canonicalJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("abi", abi);
    o.put("name", name);
    o.put("version", version);
    o.put("description", description);
    o.set("input_schema", inputSchema);
    o.set("output_schema", outputSchema);
    o.set("http", JSON.valueToTree(http.stream().map(EgressRule::text).toList()));
    o.set("secrets", JSON.valueToTree(secrets));
    o.set("workspace_read", JSON.valueToTree(workspaceRead));
    o.set("invoke", JSON.valueToTree(invoke));
    ObjectNode l = o.putObject("limits");
    l.put("wall_time_ms", limits.wallTime().toMillis());
    l.put("fuel", limits.fuel());
    l.put("memory_pages", limits.memoryPages());
    l.put("output_bytes", limits.outputBytes());
    l.put("http_calls", limits.httpCalls());
    if (limits.heapMb() > 0) {
      l.put("heap_mb", limits.heapMb());
    }
    return JSON.writeValueAsString(sorted(o));
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      Map<String, JsonNode> m = new TreeMap<>();
      n.properties().forEach(e -> m.put(e.getKey(), sorted(e.getValue())));
      ObjectNode o = JSON.createObjectNode();
      m.forEach(o::set);
      return o;
    }
    if (n.isArray()) {
      var a = JSON.createArrayNode();
      n.forEach(x -> a.add(sorted(x)));
      return a;
    }
    return n;
  }

  private static JsonNode schema(String field, JsonNode s) {
    if (s == null || !s.isObject()) {
      throw new IllegalArgumentException(field + ": must be a JSON Schema object");
    }
    return s.deepCopy();
  }

  private static void require(String field, String v, Pattern p, String what) {
    if (v == null || !p.matcher(v).matches()) {
      throw new IllegalArgumentException(field + ": '" + v + "' is not valid (" + what + ")");
    }
  }

  private static void checkPrefix(String p) {
    boolean bad = p == null || p.isEmpty() || p.length() > 512 || p.startsWith("/") || p.contains("\\")
        || p.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || p.contains(":");
    if (!bad) {
      for (String seg : p.split("/")) {
        bad |= seg.equals("..") || seg.equals(".");
      }
    }
    if (bad) {
      throw new IllegalArgumentException("workspace_read: '" + p + "' must be a relative path without '.', '..', '\\' or ':'");
    }
  }

  private static void onlyKnown(JsonNode o, Set<String> known, String prefix) {
    Iterator<String> it = o.propertyNames().iterator();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new IllegalArgumentException(prefix + k + ": unknown field (a manifest grants only what this runtime understands)");
      }
    }
  }

  private static JsonNode field(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(name + ": missing");
    }
    return v;
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isString()) {
      throw new IllegalArgumentException(name + ": must be a string");
    }
    return v.asString();
  }

  private static long number(JsonNode o, String name, String prefix) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(prefix + name + ": missing (limits have no defaults)");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(prefix + name + ": must be an integer");
    }
    return v.longValue();
  }

  private static List<String> strings(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray() || v.size() > 64) {
      throw new IllegalArgumentException(name + ": must be an array of at most 64 strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isString()) {
        throw new IllegalArgumentException(name + "[" + i + "]: must be a string");
      }
      out.add(v.get(i).asString());
    }
    return out;
  }

  private static Map<String, String> aliases(JsonNode root) {
    JsonNode v = root.get("invoke");
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("invoke: must be an object of alias: tool name");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isString()) {
        throw new IllegalArgumentException("invoke." + e.getKey() + ": must be a tool name");
      }
      out.put(e.getKey(), e.getValue().asString());
    }
    return out;
  }

  private static SandboxException bad(String message) {
    return new SandboxException("bad-manifest", "manifest refused: " + message);
  }
}
