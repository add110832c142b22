package dev.ironclaw4j.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import dev.ironclaw4j.guard.tool.ApprovalPolicy;
import dev.ironclaw4j.guard.tool.ContentInspector;
import dev.ironclaw4j.guard.tool.RateLimiter;
import dev.ironclaw4j.guard.tool.Tool;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.guard.tool.ToolSpec;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The call path of {@link GuardedMcpServer} in-process: what reaches the pipeline and what the client gets. */
class GuardedMcpServerTest {
  static final JsonNode SCHEMA = JsonMapper.shared().readTree(
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"],\"additionalProperties\":false}");

  final List<AuditRecord> records = new ArrayList<>();
  final AtomicInteger runs = new AtomicInteger();
  final ToolRegistry registry = new ToolRegistry();
  boolean inspectorExplodes;
  ToolInvoker invoker;
  GuardedMcpServer server;
  PipedOutputStream clientSide;

  final AuditStore store = new AuditStore() {
    @Override
    public synchronized AuditRecord append(Function<Optional<AuditRecord>, AuditRecord> build) {
      AuditRecord r = build.apply(records.isEmpty() ? Optional.empty() : Optional.of(records.getLast()));
      records.add(r);
      return r;
    }

    @Override
    public List<AuditRecord> query(Filter filter, int limit) {
      return List.copyOf(records);
    }

    @Override
    public void forEach(Consumer<AuditRecord> action) {
      records.forEach(action);
    }

    @Override
    public Optional<Head> head() {
      return Optional.empty();
    }
  };

  GuardedMcpServer server(String output) throws Exception {
    registry.register(new Tool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("say", "says text", SCHEMA, Set.of(), "builtin", false, "d1");
      }

      @Override
      public String execute(JsonNode input, ToolContext context) {
        runs.incrementAndGet();
        if (output.equals("THROW")) {
          throw new IllegalStateException("boom\n\tat secret.Internal.frame(Internal.java:1)");
        }
        return output.replace("$text", input.get("text").asString());
      }
    });
    ContentInspector inspector = new ContentInspector() {
      @Override
      public Inspection inspect(String content, ToolSpec tool) {
        if (inspectorExplodes) {
          throw new IllegalStateException("inspector internals\nat dev.ironclaw4j.Something");
        }
        return new Inspection("pass", content);
      }

      @Override
      public String wrap(String content, ToolSpec tool, String sessionId) {
        return "<fence>" + content + "</fence>";
      }
    };
    LeakScanner none = new LeakScanner() {
      @Override
      public List<Finding> scan(CharSequence text) {
        return List.of();
      }

      @Override
      public String redact(CharSequence text) {
        return text.toString();
      }
    };
    invoker = new ToolInvoker(registry, ApprovalPolicy.defaults(), new RateLimiter(new RateLimiter.Limits(100, 100, Duration.ofMinutes(1)),
        System::nanoTime), none, inspector, new AuditLog(store, Clock.systemUTC()), Duration.ofSeconds(5));
    clientSide = new PipedOutputStream();
    server = GuardedMcpServer.stdio(registry, invoker, "test", new PipedInputStream(clientSide), new ByteArrayOutputStream());
    return server;
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      clientSide.close();
      server.close();
      invoker.close();
    }
  }

  static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().getFirst()).text();
  }

  @Test
  void callGoesThroughThePipelineOnChannelMcp() throws Exception {
    McpSchema.CallToolResult r = server("said $text").call("claude-code", "say", Map.of("text", "hi"));
    assertFalse(r.isError());
    assertEquals("<fence>said hi</fence>", text(r));
    assertEquals(1, runs.get());
    AuditRecord rec = records.getLast();
    assertEquals("mcp:claude-code", rec.actor());
    assertEquals(server.sessionId(), rec.session());
  }

  @Test
  void oversizedArgumentsAreRefusedBeforeThePipeline() throws Exception {
    McpSchema.CallToolResult r = server("x").call("c", "say", Map.of("text", "a".repeat(GuardedMcpServer.MAX_ARGUMENTS_CHARS)));
    assertTrue(r.isError());
    assertTrue(text(r).startsWith("input-too-large: "), text(r));
    assertEquals(0, runs.get());
  }

  @Test
  void argumentsExactlyAtTheLimitReachThePipelineOneMoreDoNot() throws Exception {
    GuardedMcpServer s = server("x");
    int wrapper = "{\"text\":\"\"}".length();
    McpSchema.CallToolResult at = s.call("c", "say", Map.of("text", "a".repeat(GuardedMcpServer.MAX_ARGUMENTS_CHARS - wrapper)));
    assertFalse(text(at).contains("the arguments are"), "not refused by the bridge's cap: " + text(at));
    assertEquals(1, records.size(), "the call at the limit reached the pipeline (and its own checks) and was audited");
    McpSchema.CallToolResult over = s.call("c", "say", Map.of("text", "a".repeat(GuardedMcpServer.MAX_ARGUMENTS_CHARS - wrapper + 1)));
    assertTrue(over.isError());
    assertTrue(text(over).startsWith("input-too-large: the arguments are " + (GuardedMcpServer.MAX_ARGUMENTS_CHARS + 1)), text(over));
    assertEquals(1, records.size(), "one over the limit never reached the pipeline");
  }

  @Test
  void toolFailureIsOneLineWithoutStackTrace() throws Exception {
    McpSchema.CallToolResult r = server("THROW").call("c", "say", Map.of("text", "hi"));
    assertTrue(r.isError());
    assertTrue(text(r).startsWith("tool-failed: "), text(r));
    assertFalse(text(r).contains("\n") || text(r).contains("\tat "), text(r));
  }

  @Test
  void unexpectedExceptionBecomesAGenericError() throws Exception {
    inspectorExplodes = true;
    McpSchema.CallToolResult r = server("ok").call("c", "say", Map.of("text", "hi"));
    assertTrue(r.isError());
    assertTrue(text(r).startsWith("internal-error: "), text(r));
    assertFalse(text(r).contains("inspector internals"), text(r));
  }

  @Test
  void unknownToolAndApprovalRequiredAreToolErrors() throws Exception {
    GuardedMcpServer s = server("ok");
    McpSchema.CallToolResult unknown = s.call("c", "nope", Map.of());
    assertTrue(unknown.isError());
    assertTrue(text(unknown).startsWith("unknown-tool: "), text(unknown));
    assertTrue(text(s.call("c", "say", null)).startsWith("invalid-input: "));
  }
}
