package dev.ironclaw4j.mcp.client;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * The client side of MCP over stdio, on a process someone else started (the sandbox does, so the SDK's
 * own stdio transport, which starts processes itself, cannot be used). Reads newline-delimited JSON-RPC
 * from the child's stdout on its own thread, dropping any line over {@value #MAX_LINE_BYTES} bytes;
 * keeps the last lines of its stderr for error messages (they go to the log at debug level only).
 */
final class ProcessStdioTransport implements McpClientTransport {
  private static final Logger LOG = Logger.getLogger(ProcessStdioTransport.class.getName());
  /** Longest message read from the server. */
  static final int MAX_LINE_BYTES = 4 << 20;
  private static final int STDERR_LINES = 20;

  private final String server;
  private final Process process;
  private final McpJsonMapper json;
  private final OutputStream stdin;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private volatile Consumer<Throwable> onError = e -> {};

  ProcessStdioTransport(String server, Process process, McpJsonMapper json) {
    this.server = server;
    this.process = process;
    this.json = json;
    this.stdin = process.getOutputStream();
  }

  @Override
  public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> {
      daemon("mcp-" + server + "-out", () -> readMessages(process.getInputStream(), handler));
      daemon("mcp-" + server + "-err", () -> readStderr(process.getErrorStream()));
    });
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private void readMessages(InputStream in, Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean dropping = false;
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            if (!dropping && line.size() > 0) {
              deliver(line.toString(StandardCharsets.UTF_8), handler);
            }
            line.reset();
            dropping = false;
          } else if (!dropping) {
            if (line.size() >= MAX_LINE_BYTES) {
              dropping = true;
              line.reset();
              LOG.warning("MCP server " + server + " sent a message over " + MAX_LINE_BYTES + " bytes; dropped");
            } else {
              line.write(b);
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "MCP server " + server + " output ended: " + e.getMessage());
    }
    onError.accept(new McpClientException("server-exited", "MCP server " + server + " closed its output" + stderrHint()));
  }

  private void deliver(String text, Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(json, text);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "MCP server " + server + " wrote a line that is not JSON-RPC; ignored");
      return;
    }
    handler.apply(Mono.just(message)).subscribe(r -> {}, e -> LOG.log(Level.FINE, "MCP message of " + server + " not handled: " + e.getMessage()));
  }

  private void readStderr(InputStream err) {
    try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(err, StandardCharsets.UTF_8))) {
      String l;
      while ((l = r.readLine()) != null) {
        String cut = l.length() > 500 ? l.substring(0, 500) + "..." : l;
        synchronized (stderrTail) {
          stderrTail.addLast(cut);
          if (stderrTail.size() > STDERR_LINES) {
            stderrTail.removeFirst();
          }
        }
        LOG.log(Level.FINE, "[mcp " + server + "] " + cut);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "MCP server " + server + " stderr ended: " + e.getMessage());
    }
  }

  /** The last stderr line, for error messages. */
  String stderrHint() {
    synchronized (stderrTail) {
      return stderrTail.isEmpty() ? "" : " (its last error output: " + stderrTail.peekLast() + ")";
    }
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.fromRunnable(() -> {
      try {
        byte[] bytes = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (stdin) {
          stdin.write(bytes);
          stdin.flush();
        }
      } catch (IOException e) {
        throw new McpClientException("server-exited", "cannot write to MCP server " + server + ": " + e.getMessage() + stderrHint(), e);
      }
    });
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    this.onError = handler == null ? e -> {} : handler;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing stdin of " + server + ": " + e.getMessage());
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }
}
