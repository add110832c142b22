package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.guard.tool.Tool;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolException;
import dev.ironclaw4j.guard.tool.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The memory tools for the agent and MCP clients: {@code memory_search}, {@code memory_read},
 * {@code memory_write}, {@code memory_tree}. Not registered anywhere: {@link #create} hands them to
 * whoever wires the tool registry.
 *
 * <p>Untrusted memory in any output is inspected and fenced by the {@link RecallFence}; trusted memory
 * is shown as is. A write through a tool is recorded as written by {@code agent} and is always
 * {@link Trust#UNTRUSTED}: the model may be steered by anything it has read, so it cannot make its own
 * notes trusted. Users write trusted notes through the CLI.
 */
public final class MemoryTools {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int MAX_TOOL_RESULTS = 50;

  private MemoryTools() {}

  /** The four memory tools over {@code memory}. */
  public static List<Tool> create(Memory memory, RecallFence fence) {
    return List.of(new Search(memory, fence), new Read(memory, fence), new Write(memory), new Tree(memory));
  }

  /**
   * Recalling tools (search, read) can return untrusted memory (web text, agent-written notes), so the
   * pipeline counts their output as untrusted for the trifecta guard: conservative on purpose, since
   * whether a given call recalled untrusted text is known only inside the tool.
   */
  private static ToolSpec specOf(String name, String description, String schema, Set<Effect> effects) {
    JsonNode s = JSON.readTree(schema);
    boolean recalls = name.equals("memory_search") || name.equals("memory_read");
    return new ToolSpec(name, description, s, effects, "builtin", recalls,
        sha256(name + "\n" + s + "\n" + effects + "\n" + recalls));
  }

  private static String text(JsonNode input, String field) {
    JsonNode n = input.get(field);
    return n == null || n.isNull() ? null : n.asString();
  }

  private static <T> T guarded(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (MemoryException e) {
      throw new ToolException(e.reason().equals("index-failed") ? "tool-failed" : "invalid-input", e.getMessage(), e);
    }
  }

  static final class Search implements Tool {
    private final Memory memory;
    private final RecallFence fence;
    private final ToolSpec spec = specOf("memory_search",
        "Search the memory workspace by words and by meaning. Returns the best chunks with their path, line"
            + " range, rank in each list and fused score.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"query\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":2000},"
            + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":" + MAX_TOOL_RESULTS + "}},"
            + "\"required\":[\"query\"],\"additionalProperties\":false}",
        Set.of(Effect.READ_PRIVATE));

    Search(Memory memory, RecallFence fence) {
      this.memory = memory;
      this.fence = fence;
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public String execute(JsonNode input, ToolContext ctx) {
      int limit = input.has("limit") ? input.get("limit").asInt() : 10;
      List<SearchHit> hits = guarded(() -> memory.search(text(input, "query"), limit));
      ObjectNode out = JSON.createObjectNode();
      ArrayNode results = out.putArray("results");
      for (SearchHit h : hits) {
        ObjectNode r = results.addObject();
        r.put("path", h.path());
        r.put("lines", h.startLine() + "-" + h.endLine());
        r.put("bm25_rank", h.bm25Rank());
        r.put("vector_rank", h.vectorRank());
        r.put("score", h.score());
        r.put("trust", h.trust().wireName());
        r.put("provenance", h.provenance());
        r.put("text", fence.show(h.text(), h.path(), h.provenance(), h.trust(), ctx.sessionId()));
      }
      return JSON.writeValueAsString(out);
    }
  }

  static final class Read implements Tool {
    private final Memory memory;
    private final RecallFence fence;
    private final ToolSpec spec = specOf("memory_read",
        "Read one document of the memory workspace by its path (e.g. notes/build.md).",
        "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":512}},"
            + "\"required\":[\"path\"],\"additionalProperties\":false}",
        Set.of(Effect.READ_PRIVATE));

    Read(Memory memory, RecallFence fence) {
      this.memory = memory;
      this.fence = fence;
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public String execute(JsonNode input, ToolContext ctx) {
      MemoryDocument d = guarded(() -> memory.read(text(input, "path")))
          .orElseThrow(() -> new ToolException("invalid-input", "no memory document at " + text(input, "path")));
      ObjectNode out = JSON.createObjectNode();
      out.put("path", d.path());
      out.put("trust", d.trust().wireName());
      out.put("provenance", d.provenance());
      out.put("updated_at", d.updatedAt().toString());
      out.put("content", fence.show(d.content(), d.path(), d.provenance(), d.trust(), ctx.sessionId()));
      return JSON.writeValueAsString(out);
    }
  }

  static final class Write implements Tool {
    private final Memory memory;
    private final ToolSpec spec = specOf("memory_write",
        "Write (create or replace) a document in the memory workspace, e.g. notes/decisions.md or"
            + " daily/2026-11-23.md. Never store credentials: content holding one is refused.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"path\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":512},"
            + "\"content\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":65536}},"
            + "\"required\":[\"path\",\"content\"],\"additionalProperties\":false}",
        Set.of(Effect.WRITE_FILES));

    Write(Memory memory) {
      this.memory = memory;
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public String execute(JsonNode input, ToolContext ctx) {
      Memory.WriteResult r = guarded(() -> memory.write(text(input, "path"), text(input, "content"), "agent", Trust.UNTRUSTED));
      return (r.created() ? "created " : "replaced ") + r.path() + " (" + r.chunks() + " chunks)";
    }
  }

  static final class Tree implements Tool {
    private final Memory memory;
    private final ToolSpec spec = specOf("memory_tree",
        "List the documents of the memory workspace, optionally under a prefix such as notes/.",
        "{\"type\":\"object\",\"properties\":{\"prefix\":{\"type\":\"string\",\"maxLength\":512}},"
            + "\"additionalProperties\":false}",
        Set.of(Effect.READ_PRIVATE));

    Tree(Memory memory) {
      this.memory = memory;
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public String execute(JsonNode input, ToolContext ctx) {
      List<DocumentInfo> docs = guarded(() -> memory.tree(text(input, "prefix"), 1000));
      StringBuilder b = new StringBuilder();
      for (DocumentInfo d : docs) {
        b.append(d.path()).append('\t').append(d.chars()).append(" chars\t").append(d.trust().wireName())
            .append('\t').append(d.provenance()).append('\n');
      }
      return docs.isEmpty() ? "(no documents)" : b.toString();
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
