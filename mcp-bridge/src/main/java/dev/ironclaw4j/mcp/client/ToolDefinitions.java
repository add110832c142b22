package dev.ironclaw4j.mcp.client;

import dev.ironclaw4j.guard.safety.Provenance;
import dev.ironclaw4j.guard.safety.SafetyFinding;
import dev.ironclaw4j.guard.safety.SafetyException;
import dev.ironclaw4j.guard.safety.SafetyLayer;
import dev.ironclaw4j.guard.safety.SafetyResult;
import dev.ironclaw4j.guard.safety.Source;
import dev.ironclaw4j.guard.safety.Verdict;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an MCP server says its tools are, reduced to what reaches the model (name, title, description,
 * input and output schema, annotations), with: a digest that is pinned when the user approves (any
 * change — a "rug pull" — voids the approval), and the poisoning scan: every description and every
 * text in the schemas goes through the safety layer as untrusted MCP content, and a description that
 * names a tool of ironclaw4j or another server is flagged (a tool should describe itself, not steer the
 * model towards others).
 */
public final class ToolDefinitions {
  /** Most tools one server may offer. */
  public static final int MAX_TOOLS = 256;
  /** Longest description kept (after the scan; the digest covers the whole). */
  static final int MAX_DESCRIPTION_CHARS = 4000;
  private static final JsonMapper CANONICAL = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
      .build();

  private ToolDefinitions() {}

  /** A problem the scan found in one tool. */
  public record Flag(String tool, String problem) {}

  /** The tools as listed, their digest and what the scan flagged. */
  public record Review(List<McpSchema.Tool> tools, String digest, List<Flag> flags) {
    public Review {
      tools = List.copyOf(tools);
      flags = List.copyOf(flags);
    }

    public List<String> names() {
      return tools.stream().map(McpSchema.Tool::name).toList();
    }
  }

  /**
   * Reviews a server's tool list. {@code otherTools} are the names of tools the model can reach that
   * this server does not own (built-in, WASM, other servers').
   */
  public static Review review(String server, List<McpSchema.Tool> tools, SafetyLayer safety, Set<String> otherTools) {
    if (tools.size() > MAX_TOOLS) {
      throw new McpClientException("too-many-tools", server + " offers " + tools.size() + " tools; the limit is " + MAX_TOOLS);
    }
    List<McpSchema.Tool> sorted = new ArrayList<>(tools);
    sorted.sort(Comparator.comparing(t -> String.valueOf(t.name())));
    List<Flag> flags = new ArrayList<>();
    for (McpSchema.Tool t : sorted) {
      flags.addAll(scan(server, t, safety, otherTools));
    }
    return new Review(sorted, digest(sorted), flags);
  }

  /** SHA-256 over the canonical JSON of the tools (sorted by name, map keys sorted). */
  public static String digest(List<McpSchema.Tool> tools) {
    List<McpSchema.Tool> sorted = new ArrayList<>(tools);
    sorted.sort(Comparator.comparing(t -> String.valueOf(t.name())));
    StringBuilder all = new StringBuilder();
    for (McpSchema.Tool t : sorted) {
      all.append(canonical(t)).append('\n');
    }
    return sha256(all.toString());
  }

  /** The digest of one tool (its capability digest in the registry). */
  static String digest(McpSchema.Tool tool) {
    return sha256(canonical(tool));
  }

  private static String canonical(McpSchema.Tool t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("title", t.title());
    m.put("description", t.description());
    m.put("inputSchema", t.inputSchema());
    m.put("outputSchema", t.outputSchema());
    m.put("annotations", t.annotations());
    JsonNode tree = CANONICAL.valueToTree(m);
    return CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class));
  }

  private static List<Flag> scan(String server, McpSchema.Tool t, SafetyLayer safety, Set<String> otherTools) {
    List<Flag> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    text.append(t.title() == null ? "" : t.title()).append('\n');
    text.append(t.description() == null ? "" : t.description()).append('\n');
    strings(CANONICAL.valueToTree(t.inputSchema() == null ? Map.of() : t.inputSchema()), text);
    strings(CANONICAL.valueToTree(t.outputSchema() == null ? Map.of() : t.outputSchema()), text);
    SafetyResult r;
    try {
      r = safety.inspect(text.toString(), new Provenance(Source.MCP, "mcp", server + "." + t.name(), "mcp:" + server));
    } catch (SafetyException e) {
      out.add(new Flag(t.name(), "its definition is too large to inspect (" + e.getMessage() + ")"));
      return out;
    }
    if (r.verdict() != Verdict.PASS) {
      Set<String> rules = new LinkedHashSet<>();
      for (SafetyFinding f : r.findings()) {
        rules.add(f.ruleId());
      }
      out.add(new Flag(t.name(), "instruction-like text (" + r.verdict().wireName() + ": " + String.join(", ", rules) + ")"));
    }
    String lower = text.toString().toLowerCase(Locale.ROOT);
    for (String other : otherTools) {
      if (isDistinctive(other) && Pattern.compile("(?<![a-z0-9_.])" + Pattern.quote(other.toLowerCase(Locale.ROOT)) + "(?![a-z0-9_])").matcher(lower).find()) {
        out.add(new Flag(t.name(), "mentions the tool '" + other + "', which this server does not own"));
      }
    }
    return out;
  }

  /** Names like {@code http_request} or {@code git.push}; plain words like {@code time} would match prose. */
  private static boolean isDistinctive(String name) {
    return name.contains("_") || name.contains(".");
  }

  /** Every property name and string value in a JSON tree, one per line. */
  private static void strings(JsonNode n, StringBuilder out) {
    if (n.isString()) {
      out.append(n.asString()).append('\n');
    } else if (n.isArray()) {
      n.forEach(c -> strings(c, out));
    } else if (n.isObject()) {
      n.properties().forEach(e -> {
        out.append(e.getKey()).append('\n');
        strings(e.getValue(), out);
      });
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
