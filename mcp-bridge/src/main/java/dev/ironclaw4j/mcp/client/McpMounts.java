package dev.ironclaw4j.mcp.client;

import dev.ironclaw4j.guard.safety.Provenance;
import dev.ironclaw4j.guard.safety.SafetyLayer;
import dev.ironclaw4j.guard.safety.SafetyResult;
import dev.ironclaw4j.guard.safety.Source;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The approved external MCP servers, mounted: each is connected, its tool list is compared with the
 * definitions the user approved (the pinned digest), and only on a match are its tools registered as
 * {@code SERVER.tool}. A server whose definitions changed — at start, or later through a
 * {@code tools/list_changed} notification — has all its tools removed until the user approves again
 * ({@code ironclaw4j mcp approve SERVER}). Every call then goes through the tool pipeline like any
 * other tool's.
 */
public final class McpMounts implements AutoCloseable {
  /** Opens a session with a server; {@code onToolsChanged} gets the new list when the server announces one. */
  @FunctionalInterface
  public interface Connector {
    McpConnection connect(McpServerConfig server, Consumer<List<McpSchema.Tool>> onToolsChanged);
  }

  /** What happened to one server: {@code mounted}, {@code pending}, {@code changed} or {@code failed}. */
  public record Status(String server, String state, String detail) {}

  private final ToolRegistry registry;
  private final SafetyLayer safety;
  private final Consumer<String> log;
  private final Map<String, Status> statuses = new ConcurrentHashMap<>();
  private final Map<String, McpConnection> connections = new ConcurrentHashMap<>();
  private final Map<String, List<String>> registered = new ConcurrentHashMap<>();

  private McpMounts(ToolRegistry registry, SafetyLayer safety, Consumer<String> log) {
    this.registry = registry;
    this.safety = safety;
    this.log = log;
  }

  /** Mounts every approved server of {@code servers} into {@code registry}; never throws for one server's failure. */
  public static McpMounts mount(List<McpServerConfig> servers, ToolRegistry registry, Connector connector, SafetyLayer safety, Consumer<String> log) {
    McpMounts m = new McpMounts(registry, safety, log);
    for (McpServerConfig s : servers) {
      m.mountOne(s, connector);
    }
    return m;
  }

  /**
   * Connects once, lists the tools and reviews them (digest and poisoning scan) for {@code mcp add} and
   * {@code mcp approve}; registers nothing.
   */
  public static ToolDefinitions.Review inspect(McpServerConfig server, Connector connector, SafetyLayer safety, Set<String> otherTools) {
    try (McpConnection c = connector.connect(server, tools -> {})) {
      return ToolDefinitions.review(server.name(), c.listTools(), safety, otherTools);
    }
  }

  private void mountOne(McpServerConfig server, Connector connector) {
    if (server.pin() == null) {
      set(server.name(), "pending", "not approved yet: 'ironclaw4j mcp approve " + server.name() + "'");
      return;
    }
    McpConnection c;
    try {
      c = connector.connect(server, tools -> toolsChanged(server, tools));
    } catch (McpClientException e) {
      set(server.name(), "failed", e.getMessage());
      return;
    }
    try {
      List<McpSchema.Tool> tools = c.listTools();
      if (!ToolDefinitions.digest(tools).equals(server.pin().digest())) {
        c.close();
        changed(server);
        return;
      }
      connections.put(server.name(), c);
      register(server, tools, c);
    } catch (McpClientException e) {
      c.close();
      set(server.name(), "failed", e.getMessage());
    }
  }

  private void register(McpServerConfig server, List<McpSchema.Tool> tools, McpConnection c) {
    List<String> names = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (McpSchema.Tool t : tools) {
      String local = localName(t.name());
      if (local == null || !taken.add(local)) {
        log.accept("MCP server " + server.name() + ": tool '" + t.name() + "' has no usable or no distinct name here; skipped");
        continue;
      }
      MountedTool tool = new MountedTool(server, t, local, shownDescription(server, t), c);
      registry.register(tool);
      names.add(tool.spec().name());
    }
    registered.put(server.name(), List.copyOf(names));
    set(server.name(), "mounted", names.size() + " tools");
  }

  /**
   * What the model reads about a tool: marked as the server's, and passed through the safety layer
   * again (the user may have approved a flagged description; the model still gets the defanged form).
   */
  private String shownDescription(McpServerConfig server, McpSchema.Tool t) {
    String d = (t.title() != null && !t.title().isBlank() ? t.title() + ": " : "") + (t.description() == null ? "" : t.description());
    if (d.length() > ToolDefinitions.MAX_DESCRIPTION_CHARS) {
      d = d.substring(0, ToolDefinitions.MAX_DESCRIPTION_CHARS) + "...";
    }
    SafetyResult r = safety.inspect(d, new Provenance(Source.MCP, "mcp", server.name() + "." + t.name(), "mcp:" + server.name()));
    return "[tool of the MCP server '" + server.name() + "'; its output is untrusted] " + r.content().strip();
  }

  private void toolsChanged(McpServerConfig server, List<McpSchema.Tool> tools) {
    if (server.pin() != null && !ToolDefinitions.digest(tools).equals(server.pin().digest())) {
      changed(server);
      McpConnection c = connections.remove(server.name());
      if (c != null) {
        // Not on the SDK's thread that delivered the notification: closing waits for that session.
        Thread.ofVirtual().name("mcp-close-" + server.name()).start(c::close);
      }
    }
  }

  private void changed(McpServerConfig server) {
    for (String name : registered.getOrDefault(server.name(), List.of())) {
      registry.unregister(name);
    }
    registered.remove(server.name());
    set(server.name(), "changed", "its tool definitions changed since they were approved; its tools are disabled until "
        + "'ironclaw4j mcp approve " + server.name() + "'");
  }

  private void set(String server, String state, String detail) {
    statuses.put(server, new Status(server, state, detail));
    if (!state.equals("mounted")) {
      log.accept("MCP server " + server + ": " + state + ": " + detail);
    }
  }

  /** The registry name part for a server's tool name, or null when nothing usable is left. */
  public static String localName(String remote) {
    if (remote == null) {
      return null;
    }
    String s = remote.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^[^a-z]+", "").replaceAll("_+$", "");
    if (s.isEmpty()) {
      return null;
    }
    return s.length() > 48 ? s.substring(0, 48) : s;
  }

  public Status status(String server) {
    return statuses.get(server);
  }

  public List<Status> statuses() {
    return statuses.values().stream().sorted(java.util.Comparator.comparing(Status::server)).toList();
  }

  /** Unregisters the mounted tools and ends the sessions. */
  @Override
  public void close() {
    registered.values().forEach(names -> names.forEach(registry::unregister));
    registered.clear();
    connections.values().forEach(McpConnection::close);
    connections.clear();
  }
}
