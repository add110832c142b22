package dev.ironclaw4j.bench;

import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.guard.leak.LeakDetector;
import dev.ironclaw4j.guard.safety.SafetyConfig;
import dev.ironclaw4j.guard.safety.SafetyLayer;
import dev.ironclaw4j.guard.safety.ToolOutputInspector;
import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.RateLimiter;
import dev.ironclaw4j.guard.tool.Tool;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.guard.tool.ToolSpec;
import dev.ironclaw4j.mcp.GuardedMcpServer;
import dev.ironclaw4j.mcp.McpHttpEndpoint;
import dev.ironclaw4j.mcp.http.McpHttpSecurity;
import dev.ironclaw4j.mcp.http.McpToken;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ironclaw4j's MCP server for {@code mcp-bench.sh}: the real endpoint (Streamable HTTP behind the token
 * and Origin/Host gate, or stdio) and the real pipeline (schema validation, approval policy, rate
 * limiter, leak detector, safety layer, fencing, hash-chained audit records) serving one trivial
 * {@code echo} tool. Two differences from {@code serve}, both stated in the report: the rate limits are
 * raised out of the way, and audit records are chained in memory instead of written to H2.
 * Usage: {@code McpBenchServer http} (prints "listening PORT TOKEN") or {@code McpBenchServer stdio}.
 */
public final class McpBenchServer {
  private McpBenchServer() {}

  public static void main(String[] args) throws Exception {
    ToolRegistry registry = new ToolRegistry();
    JsonNode schema = JsonMapper.shared().readTree(
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"],\"additionalProperties\":false}");
    registry.register(new Tool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("echo", "Returns the text it is given.", schema, Set.of(), "builtin", false, "echo-1");
      }

      @Override
      public String execute(JsonNode input, ToolContext context) {
        return input.get("text").asString();
      }
    });
    ToolInvoker invoker = new ToolInvoker(registry, ApprovalPolicy.defaults(),
        new RateLimiter(new RateLimiter.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofMinutes(1)), System::nanoTime),
        new LeakDetector(), new ToolOutputInspector(new SafetyLayer(SafetyConfig.defaults())),
        new AuditLog(new HeadOnlyAuditStore(), Clock.systemUTC()), Duration.ofSeconds(60));
    if (args.length > 0 && args[0].equals("stdio")) {
      PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
      System.setOut(System.err);
      try (GuardedMcpServer server = GuardedMcpServer.stdio(registry, invoker, "bench", System.in, protocol)) {
        server.awaitInputClosed(Duration.ofSeconds(5));
      }
      System.exit(0);
    }
    Path tokenFile = Files.createTempDirectory("mcp-bench").resolve("token");
    McpToken token = McpToken.loadOrCreate(tokenFile);
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    McpHttpEndpoint endpoint = McpHttpEndpoint.create(registry, invoker, "bench", new McpHttpSecurity(token, connector::getLocalPort));
    jetty.setHandler(endpoint.handler());
    jetty.start();
    System.out.println("listening " + connector.getLocalPort() + " " + token.reveal());
    System.out.flush();
    jetty.join();
  }

  /** Chains records like the real store but keeps only the last one. */
  private static final class HeadOnlyAuditStore implements AuditStore {
    private final AtomicReference<AuditRecord> last = new AtomicReference<>();

    @Override
    public synchronized AuditRecord append(Function<Optional<AuditRecord>, AuditRecord> build) {
      AuditRecord r = build.apply(Optional.ofNullable(last.get()));
      last.set(r);
      return r;
    }

    @Override
    public List<AuditRecord> query(Filter filter, int limit) {
      return Optional.ofNullable(last.get()).stream().toList();
    }

    @Override
    public void forEach(Consumer<AuditRecord> action) {
      Optional.ofNullable(last.get()).ifPresent(action);
    }

    @Override
    public Optional<Head> head() {
      return Optional.ofNullable(last.get()).map(r -> new Head(r.seq(), r.hash()));
    }
  }
}
