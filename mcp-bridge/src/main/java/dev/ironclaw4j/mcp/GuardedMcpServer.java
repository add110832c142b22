package dev.ironclaw4j.mcp;

import dev.ironclaw4j.guard.tool.InputSchema;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MCP server that exposes every tool of a {@link ToolRegistry} and answers {@code tools/call} only
 * through the {@link ToolInvoker} pipeline (validation, approval policy, rate limits, egress, leak
 * scanning, safety inspection, fencing, audit) on the channel {@value #CHANNEL}. Refusals and failures
 * become tool results with {@code isError: true} and a one-line message, never a stack trace.
 *
 * <p>A tool the policy would ask about is put to the human through MCP elicitation when the client
 * declared it; otherwise it is refused with a message that names the {@code tools.approval} rule that
 * allows it. The same tools are served over Streamable HTTP by {@link McpHttpEndpoint}.
 */
public final class GuardedMcpServer implements AutoCloseable {
  /** The channel name tool calls carry; approval rules use it ({@code mcp:TOOL=allow}). */
  public static final String CHANNEL = "mcp";
  /** Longest serialized {@code arguments} object accepted, in characters (the pipeline's own cap). */
  public static final int MAX_ARGUMENTS_CHARS = InputSchema.MAX_INPUT_CHARS;
  /**
   * Longest raw JSON-RPC line read from stdin, in bytes, checked before anything is parsed; a longer
   * line is dropped and the session goes on.
   */
  public static final int MAX_MESSAGE_BYTES = 4 * MAX_ARGUMENTS_CHARS;

  /** Longest error line returned to the client. */
  static final int MAX_ERROR_CHARS = 2000;

  private final GuardedTools tools;
  private final McpJsonMapper json;
  private final String sessionId;
  private final McpSyncServer server;
  private final LineLimitedInput input;
  private final OutputStream output;
  /** Responses written to the client (notifications and requests to the client are not counted). */
  private final AtomicLong written = new AtomicLong();

  private GuardedMcpServer(ToolRegistry registry, ToolInvoker invoker, String version, InputStream in, OutputStream out) {
    this.json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    this.tools = new GuardedTools(Objects.requireNonNull(invoker), json);
    this.sessionId = "mcp-" + UUID.randomUUID().toString().substring(0, 8);
    this.input = new LineLimitedInput(in, MAX_MESSAGE_BYTES);
    this.output = new ResponseCountingStream(out, written);
    StdioServerTransportProvider transport = new StdioServerTransportProvider(json, input.transportInput(), this.output, MAX_MESSAGE_BYTES + 1);
    this.server = tools.serve(McpServer.sync(transport), version, registry, exchange -> sessionId);
    input.start();
  }

  /**
   * Serves MCP over the given streams (stdin and stdout of the process) until {@link #awaitInputClosed(Duration)}
   * returns; nothing but JSON-RPC is written to {@code out}.
   */
  public static GuardedMcpServer stdio(ToolRegistry registry, ToolInvoker invoker, String version, InputStream in, OutputStream out) {
    return new GuardedMcpServer(registry, invoker, version, in, out);
  }

  /**
   * Blocks until the client closes the input stream and the requests read before that are answered,
   * waiting at most {@code drain} for those answers (a client may write its requests and close stdin).
   */
  public void awaitInputClosed(Duration drain) throws InterruptedException {
    input.awaitClosed();
    long until = System.nanoTime() + drain.toNanos();
    while (written.get() < input.requests() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
  }

  /** The audit session id of this connection. */
  public String sessionId() {
    return sessionId;
  }

  /** One {@code tools/call}, through the pipeline, as this connection (no approver); package-visible for tests. */
  McpSchema.CallToolResult call(String clientName, String toolName, Map<String, Object> arguments) {
    return tools.call(new GuardedTools.Caller(sessionId, clientName, Optional.empty()), toolName, arguments);
  }

  /**
   * Counts the responses among the newline-delimited messages written: a line that starts as a
   * notification or request ({@code "method"} right after {@code "jsonrpc"}, the SDK's field order) is
   * not one.
   */
  private static final class ResponseCountingStream extends FilterOutputStream {
    private static final byte[] MESSAGE_WITH_METHOD = "{\"jsonrpc\":\"2.0\",\"method\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final AtomicLong responses;
    private final byte[] head = new byte[MESSAGE_WITH_METHOD.length];
    private int headLength;

    ResponseCountingStream(OutputStream out, AtomicLong responses) {
      super(out);
      this.responses = responses;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      see((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        see(b[i]);
      }
    }

    private void see(byte b) {
      if (b == '\n') {
        if (headLength > 0 && !(headLength >= head.length && java.util.Arrays.equals(head, MESSAGE_WITH_METHOD))) {
          responses.incrementAndGet();
        }
        headLength = 0;
      } else if (headLength < head.length) {
        head[headLength++] = b;
      } else if (headLength == head.length) {
        headLength++; // past the prefix; keep it
      }
    }
  }

  /** Stops serving; the invoker stays open (its owner closes it). */
  @Override
  public void close() {
    input.release();
    server.closeGracefully();
  }
}
