package dev.ironclaw4j.server.channels.acp;

import dev.ironclaw4j.server.channels.ChannelErrors;
import dev.ironclaw4j.server.channels.ChannelException;
import dev.ironclaw4j.server.channels.JsonRpcPrefix;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 over newline-delimited JSON (ACP's stdio transport), both ways: requests from the peer
 * are handled on virtual threads (so a handler may wait for the peer's answer to a request of its own),
 * notifications in arrival order on the reader thread, and answers to our requests complete their
 * futures.
 *
 * <p>Limits: a line over {@code maxLineBytes} is never buffered: its first bytes are looked at for the
 * id, the rest is skipped, and it is answered with an error. A line that is not JSON, a batch, or an
 * object that is no JSON-RPC message gets an error too, and reading goes on. Errors carry a code, one
 * line and a reason, never a stack trace, and nothing of a message's content is logged.
 */
public final class JsonRpcPeer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JsonRpcPeer.class.getName());
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What the peer's messages are handed to. */
  public interface Handler {
    /**
     * Answers a request, on a virtual thread. Returns the result ({@code null} for JSON null) or a
     * {@link Reply} to run something once the answer is written; throws to answer with an error.
     */
    Object request(String method, JsonNode params) throws Exception;

    /** Handles a notification, on the reader thread, in order: must return quickly. */
    void notification(String method, JsonNode params);
  }

  /** A result and what to do right after it is written (e.g. a notification that must follow it). */
  public record Reply(JsonNode result, Runnable then) {}

  /** An error answer from the peer to one of our requests. */
  public static final class RemoteError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    RemoteError(int code, String message) {
      super(message);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private final InputStream in;
  private final OutputStream out;
  private final int maxLineBytes;
  private final Handler handler;
  private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Object writeLock = new Object();
  private volatile boolean closed;
  private Thread reader;

  public JsonRpcPeer(InputStream in, OutputStream out, int maxLineBytes, Handler handler) {
    this.in = new BufferedInputStream(in, 65536);
    this.out = out;
    this.maxLineBytes = maxLineBytes;
    this.handler = handler;
  }

  public void start() {
    reader = new Thread(this::readLoop, "ironclaw4j-acp-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits until the peer closes its output (our input). */
  public void awaitEnd() throws InterruptedException {
    ended.await();
  }

  public boolean awaitEnd(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  // ---- outgoing ------------------------------------------------------------------------------------

  public void notify(String method, JsonNode params) {
    ObjectNode m = NODES.objectNode();
    m.put("jsonrpc", "2.0");
    m.put("method", method);
    if (params != null) {
      m.set("params", params);
    }
    write(m);
  }

  /** Sends a request; the future completes with the result or a {@link RemoteError}. */
  public CompletableFuture<JsonNode> request(String method, JsonNode params) {
    long id = nextId.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(Long.toString(id), f);
    f.whenComplete((r, e) -> pending.remove(Long.toString(id)));
    if (closed) {
      f.completeExceptionally(new RemoteError(ChannelException.INTERNAL, "the connection is closed"));
      return f;
    }
    ObjectNode m = NODES.objectNode();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("method", method);
    if (params != null) {
      m.set("params", params);
    }
    write(m);
    return f;
  }

  private void write(JsonNode message) {
    byte[] bytes = (JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (writeLock) {
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.FINE, "cannot write to the client: " + e.getMessage());
        }
      }
    }
  }

  private void respond(JsonNode id, JsonNode result) {
    ObjectNode m = NODES.objectNode();
    m.put("jsonrpc", "2.0");
    m.set("id", id);
    m.set("result", result == null ? NODES.nullNode() : result);
    write(m);
  }

  private void error(JsonNode id, int code, String message, String reason) {
    ObjectNode m = NODES.objectNode();
    m.put("jsonrpc", "2.0");
    m.set("id", id == null ? NODES.nullNode() : id);
    ObjectNode e = m.putObject("error");
    e.put("code", code);
    e.put("message", message);
    if (reason != null) {
      e.putObject("data").put("reason", reason);
    }
    write(m);
  }

  // ---- incoming ------------------------------------------------------------------------------------

  private void readLoop() {
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] prefix = new byte[JsonRpcPrefix.SCAN_BYTES];
      while (!closed) {
        line.reset();
        long size = 0;
        int prefixLength = 0;
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
          if (size < maxLineBytes) {
            line.write(c);
          } else if (size == maxLineBytes) {
            byte[] seen = line.toByteArray();
            prefixLength = Math.min(seen.length, prefix.length);
            System.arraycopy(seen, 0, prefix, 0, prefixLength);
            line.reset(); // stop buffering: the rest of the line is skipped
          }
          size++;
        }
        if (size > maxLineBytes) {
          LOG.log(Level.WARNING, "refused a message of " + size + " bytes (the limit is " + maxLineBytes + ")");
          error(JsonRpcPrefix.id(prefix, prefixLength).map(JsonRpcPeer::idNode).orElse(null), ChannelException.TOO_LARGE,
              "message too large: " + size + " bytes; the limit is " + maxLineBytes + " bytes", "too-large");
        } else if (line.size() > 0) {
          handle(line.toByteArray());
        }
        if (c < 0) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "input closed: " + e.getMessage());
    } finally {
      closed = true;
      pending.values().forEach(f -> f.completeExceptionally(new RemoteError(ChannelException.INTERNAL, "the connection closed")));
      ended.countDown();
    }
  }

  private static JsonNode idNode(JsonRpcPrefix.Id id) {
    if (id.isString()) {
      return NODES.stringNode(id.text().replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    try {
      return NODES.numberNode(Long.parseLong(id.text()));
    } catch (NumberFormatException e) {
      return NODES.nullNode();
    }
  }

  private void handle(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return;
    }
    JsonNode msg;
    try {
      msg = JSON.readTree(text);
    } catch (RuntimeException e) {
      Optional<JsonRpcPrefix.Id> id = JsonRpcPrefix.id(bytes, Math.min(bytes.length, JsonRpcPrefix.SCAN_BYTES));
      error(id.map(JsonRpcPeer::idNode).orElse(null), -32700, "parse error: the message is not valid JSON", "parse-error");
      return;
    }
    if (msg == null || msg.isArray()) {
      error(null, -32600, "invalid request: batches are not supported", "invalid-request");
      return;
    }
    if (!msg.isObject()) {
      error(null, -32600, "invalid request: a message is a JSON object", "invalid-request");
      return;
    }
    JsonNode id = msg.get("id");
    JsonNode method = msg.get("method");
    JsonNode params = msg.get("params");
    if (method != null && method.isString()) {
      if (id == null || id.isNull()) {
        try {
          handler.notification(method.asString(), params);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "handling notification " + method.asString() + " failed: " + e.getClass().getSimpleName());
        }
        return;
      }
      if (!id.isString() && !id.isIntegralNumber()) {
        error(null, -32600, "invalid request: id must be a string or an integer", "invalid-request");
        return;
      }
      String name = method.asString();
      work.execute(() -> dispatch(id, name, params));
      return;
    }
    if (method == null && id != null && (msg.has("result") || msg.has("error"))) {
      CompletableFuture<JsonNode> f = pending.get(id.asString());
      if (f == null) {
        LOG.log(Level.FINE, "an answer to no pending request was ignored");
        return;
      }
      JsonNode err = msg.get("error");
      if (err != null && !err.isNull()) {
        f.completeExceptionally(new RemoteError(err.path("code").asInt(ChannelException.INTERNAL),
            err.path("message").asString("error")));
      } else {
        f.complete(msg.get("result"));
      }
      return;
    }
    error(id != null && (id.isString() || id.isIntegralNumber()) ? id : null, -32600,
        "invalid request: not a JSON-RPC request, notification or response", "invalid-request");
  }

  private void dispatch(JsonNode id, String method, JsonNode params) {
    Object result;
    try {
      result = handler.request(method, params);
    } catch (Throwable t) {
      ChannelErrors.Described d = ChannelErrors.describe(t);
      error(id, d.code(), d.message(), d.reason());
      if (t instanceof Error e && !(t instanceof StackOverflowError)) {
        throw e;
      }
      return;
    }
    if (result instanceof Reply r) {
      respond(id, r.result());
      if (r.then() != null) {
        try {
          r.then().run();
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "after-answer step failed: " + e.getMessage());
        }
      }
    } else {
      respond(id, (JsonNode) result);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      in.close();
    } catch (IOException e) {
      // closing
    }
    work.shutdownNow();
    pending.values().forEach(f -> f.completeExceptionally(new RemoteError(ChannelException.INTERNAL, "the connection closed")));
    ended.countDown();
  }
}
