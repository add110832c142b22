package dev.ironclaw4j.mcp.client;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.sandbox.ProcessSandbox;
import dev.ironclaw4j.guard.sandbox.SandboxException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A live MCP client session with one external server, over stdio (a process started through the
 * {@link ProcessSandbox}) or Streamable HTTP (through {@link Egress}). The client declares no
 * capabilities: a server cannot ask it for model completions (sampling), roots or elicitation.
 */
public final class McpConnection implements AutoCloseable {
  /** How long one request to the server may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /**
   * Variables passed from ironclaw4j's own environment to a stdio server: only {@code PATH}, so a
   * command installed where the user's shell finds it ({@code npx} under nvm) is found. The sandbox adds
   * its own {@code HOME} and {@code LANG}; nothing else is inherited.
   */
  static final Set<String> PASSED_ENV = Set.of("PATH");

  static final McpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.builder().build());

  private final String server;
  private final McpClientTransport transport;
  private final McpSyncClient client;

  private McpConnection(String server, McpClientTransport transport, Consumer<List<McpSchema.Tool>> onToolsChanged) {
    this.server = server;
    this.transport = transport;
    this.client = McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("ironclaw4j", "1").build())
        .capabilities(McpSchema.ClientCapabilities.builder().build())
        .requestTimeout(REQUEST_TIMEOUT)
        .initializationTimeout(Duration.ofSeconds(30))
        .toolsChangeConsumer(onToolsChanged)
        .build();
    try {
      client.initialize();
    } catch (RuntimeException e) {
      close();
      String why = transport instanceof ProcessStdioTransport p ? p.stderrHint() : "";
      throw new McpClientException("connect-failed", "cannot start an MCP session with " + server + ": " + rootMessage(e) + why, e);
    }
  }

  /**
   * Starts a stdio server through the sandbox and opens a session. Refused when the sandbox does not
   * isolate ({@code none}) and the user did not add the server with {@code --allow-unsandboxed}.
   *
   * @param parentEnv ironclaw4j's environment; only {@link #PASSED_ENV} is taken from it
   */
  public static McpConnection stdio(McpServerConfig cfg, ProcessSandbox sandbox, Path workDir, Map<String, String> parentEnv,
      Consumer<List<McpSchema.Tool>> onToolsChanged) {
    if (cfg.transport() != McpServerConfig.Transport.STDIO) {
      throw new IllegalArgumentException(cfg.name() + " is not a stdio server");
    }
    if (!sandbox.isolates() && !cfg.allowUnsandboxed()) {
      throw new McpClientException("unsandboxed", "no OS sandbox is available here (mechanism '" + sandbox.mechanism() + "'), so the MCP server '"
          + cfg.name() + "' would run with all your rights: it could read your files, the ironclaw4j home and reach any host. "
          + "Install bubblewrap, or accept the risk: 'ironclaw4j mcp add " + cfg.name() + " --allow-unsandboxed -- ...'");
    }
    Process p;
    try {
      p = sandbox.start(new ProcessSandbox.Spec(cfg.command(), workDir, scrubbedEnv(parentEnv, cfg.env()), ProcessSandbox.Network.LOOPBACK));
    } catch (SandboxException e) {
      throw new McpClientException("start-failed", "cannot start the MCP server " + cfg.name() + ": " + e.getMessage(), e);
    }
    return new McpConnection(cfg.name(), new ProcessStdioTransport(cfg.name(), p, JSON), onToolsChanged);
  }

  /** Opens a session with a Streamable HTTP server; every byte goes through {@code egress}. */
  public static McpConnection http(McpServerConfig cfg, Egress egress, Consumer<List<McpSchema.Tool>> onToolsChanged) {
    if (cfg.transport() != McpServerConfig.Transport.HTTP) {
      throw new IllegalArgumentException(cfg.name() + " is not an HTTP server");
    }
    return new McpConnection(cfg.name(), new EgressHttpTransport(cfg.name(), cfg.url(), cfg.tokenSecret(), egress, JSON), onToolsChanged);
  }

  /** The child's environment: the few {@link #PASSED_ENV} variables of ours, then the configured ones. */
  static Map<String, String> scrubbedEnv(Map<String, String> parentEnv, Map<String, String> configured) {
    Map<String, String> env = new TreeMap<>();
    parentEnv.forEach((k, v) -> {
      if (PASSED_ENV.contains(k)) {
        env.put(k, v);
      }
    });
    configured.forEach((k, v) -> {
      if (!k.startsWith("LD_") && !k.startsWith("DYLD_") && !k.startsWith("IRONCLAW4J_")) {
        env.put(k, v);
      }
    });
    return env;
  }

  /** Every tool the server lists (following pages), at most {@link ToolDefinitions#MAX_TOOLS}. */
  public List<McpSchema.Tool> listTools() {
    List<McpSchema.Tool> all = new ArrayList<>();
    String cursor = null;
    do {
      McpSchema.ListToolsResult page;
      try {
        page = cursor == null ? client.listTools() : client.listTools(cursor);
      } catch (RuntimeException e) {
        throw new McpClientException("list-failed", "cannot list the tools of " + server + ": " + rootMessage(e), e);
      }
      all.addAll(page.tools() == null ? List.of() : page.tools());
      if (all.size() > ToolDefinitions.MAX_TOOLS) {
        throw new McpClientException("too-many-tools", server + " offers more than " + ToolDefinitions.MAX_TOOLS + " tools");
      }
      cursor = page.nextCursor();
    } while (cursor != null && !cursor.isEmpty());
    return all;
  }

  /** Calls a tool by the server's own name. */
  public McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  /** Our own explanation if one is in the chain (it names the reason), else the innermost message. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (!(t instanceof McpClientException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    m = m.replaceAll("\\s+", " ");
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }

  @Override
  public void close() {
    try {
      client.closeGracefully();
    } catch (RuntimeException e) {
      // on the way out
    }
    transport.close();
  }
}
