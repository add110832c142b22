package dev.ironclaw4j.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model on loopback for tests: a real Jetty server speaking the OpenAI chat completions API (or
 * Anthropic's Messages API), streaming server-sent events, that plays a script of replies in order —
 * text deltas, tool calls (several at once for parallel calls), errors, stalls — and records every request
 * it received, so a test can assert exactly what was sent to the model.
 *
 * <pre>{@code
 * try (ScriptedModelServer model = ScriptedModelServer.openAi(
 *     Reply.toolCall("echo", "{\"text\":\"hi\"}"),
 *     Reply.text("The echo said ", "hi."))) {
 *   ... configure model.base_url = model.baseUrl(), run the agent ...
 *   assertEquals(2, model.requests().size());
 *   assertTrue(model.requests().get(1).lastToolOutput().contains("hi"));
 * }
 * }</pre>
 *
 * A request beyond the script is answered with HTTP 500 ("script exhausted") and recorded, so a test fails
 * loudly. {@link #close()} stops the server and releases any stalled reply.
 */
public final class ScriptedModelServer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.shared();

  /** Which provider API the server speaks. */
  public enum Dialect {
    /** {@code POST .../chat/completions}. */
    OPENAI,
    /** {@code POST .../messages}. */
    ANTHROPIC
  }

  /** One request as it arrived: method, path (with query), headers (case-insensitive) and body. */
  public record Recorded(String method, String path, Map<String, String> headers, String body) {
    /** The body as JSON (null when it is not JSON). */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** The conversation sent ({@code messages}). */
    public List<JsonNode> messages() {
      JsonNode j = json();
      List<JsonNode> out = new ArrayList<>();
      if (j != null && j.has("messages")) {
        j.get("messages").forEach(out::add);
      }
      return out;
    }

    /** The names of the tools offered. */
    public List<String> toolNames() {
      JsonNode j = json();
      List<String> out = new ArrayList<>();
      if (j != null && j.has("tools")) {
        for (JsonNode t : j.get("tools")) {
          out.add(t.has("function") ? t.get("function").path("name").asString() : t.path("name").asString());
        }
      }
      return out;
    }

    /** The system prompt (OpenAI: the system message; Anthropic: {@code system}). */
    public String systemPrompt() {
      JsonNode j = json();
      if (j != null && j.has("system")) {
        return j.get("system").asString();
      }
      return messages().stream().filter(m -> m.path("role").asString().equals("system"))
          .map(m -> m.path("content").asString()).findFirst().orElse("");
    }

    /** The text of the last user message (OpenAI dialect). */
    public String lastUserText() {
      List<JsonNode> ms = messages();
      for (int i = ms.size() - 1; i >= 0; i--) {
        if (ms.get(i).path("role").asString().equals("user")) {
          return text(ms.get(i).get("content"));
        }
      }
      return "";
    }

    /** The content of the last tool result, in either dialect; empty when there is none. */
    public String lastToolOutput() {
      List<JsonNode> ms = messages();
      for (int i = ms.size() - 1; i >= 0; i--) {
        JsonNode m = ms.get(i);
        if (m.path("role").asString().equals("tool")) {
          return text(m.get("content"));
        }
        JsonNode c = m.get("content");
        if (c != null && c.isArray()) {
          for (int k = c.size() - 1; k >= 0; k--) {
            if (c.get(k).path("type").asString().equals("tool_result")) {
              return text(c.get(k).get("content"));
            }
          }
        }
      }
      return "";
    }

    private static String text(JsonNode content) {
      if (content == null || content.isNull()) {
        return "";
      }
      if (content.isString()) {
        return content.asString();
      }
      StringBuilder b = new StringBuilder();
      for (JsonNode part : content) {
        b.append(part.has("text") ? part.get("text").asString() : part.toString());
      }
      return b.toString();
    }

    /** Everything that arrived, as one text, to search for a value that must not be there. */
    public String all() {
      return method + " " + path + "\n" + headers + "\n" + body;
    }
  }

  /** One tool call of a reply. */
  public record Call(String name, String arguments) {}

  /** One scripted reply. Immutable; the {@code with...} methods return changed copies. */
  public static final class Reply {
    final List<String> deltas;
    final List<Call> calls;
    final int status;
    final String error;
    final long retryAfter;
    final Duration delay;
    final int stallAfter;
    final boolean json;
    final long inputTokens;
    final long outputTokens;
    final Function<Recorded, Reply> dynamic;

    private Reply(List<String> deltas, List<Call> calls, int status, String error, long retryAfter, Duration delay, int stallAfter,
        boolean json, long inputTokens, long outputTokens, Function<Recorded, Reply> dynamic) {
      this.deltas = List.copyOf(deltas);
      this.calls = List.copyOf(calls);
      this.status = status;
      this.error = error;
      this.retryAfter = retryAfter;
      this.delay = delay;
      this.stallAfter = stallAfter;
      this.json = json;
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      this.dynamic = dynamic;
    }

    /** An answer streamed as these text pieces, in order. */
    public static Reply text(String... deltas) {
      return new Reply(Arrays.asList(deltas), List.of(), 200, null, -1, Duration.ZERO, -1, false, -1, -1, null);
    }

    /** One tool call (arguments as JSON text). */
    public static Reply toolCall(String name, String arguments) {
      return toolCalls(new Call(name, arguments));
    }

    /** Several tool calls in one answer (parallel tool calls). */
    public static Reply toolCalls(Call... calls) {
      return new Reply(List.of(), Arrays.asList(calls), 200, null, -1, Duration.ZERO, -1, false, -1, -1, null);
    }

    public static Call call(String name, String arguments) {
      return new Call(name, arguments);
    }

    /** An HTTP error with the provider's JSON error body. */
    public static Reply error(int status, String message) {
      return new Reply(List.of(), List.of(), status, message, -1, Duration.ZERO, -1, false, -1, -1, null);
    }

    /** A reply chosen when the request arrives, from what was sent (an adaptive model). */
    public static Reply dynamic(Function<Recorded, Reply> f) {
      return new Reply(List.of(), List.of(), 200, null, -1, Duration.ZERO, -1, false, -1, -1, f);
    }

    /** The same, with text before its tool calls. */
    public Reply withText(String... text) {
      return new Reply(Arrays.asList(text), calls, status, error, retryAfter, delay, stallAfter, json, inputTokens, outputTokens, dynamic);
    }

    /** The same error, with a Retry-After header. */
    public Reply retryAfter(long seconds) {
      return new Reply(deltas, calls, status, error, seconds, delay, stallAfter, json, inputTokens, outputTokens, dynamic);
    }

    /** Waits this long before each streamed event. */
    public Reply delayed(Duration perEvent) {
      return new Reply(deltas, calls, status, error, retryAfter, perEvent, stallAfter, json, inputTokens, outputTokens, dynamic);
    }

    /** Sends the first {@code n} text deltas, then keeps the stream open (sending keep-alive comments) until the client goes away or the server closes. */
    public Reply stallAfter(int n) {
      return new Reply(deltas, calls, status, error, retryAfter, delay, n, json, inputTokens, outputTokens, dynamic);
    }

    /** Answers with one JSON body even when the request asked to stream. */
    public Reply asJson() {
      return new Reply(deltas, calls, status, error, retryAfter, delay, stallAfter, true, inputTokens, outputTokens, dynamic);
    }

    /** Reports this usage (default: estimated from the sizes). */
    public Reply usage(long input, long output) {
      return new Reply(deltas, calls, status, error, retryAfter, delay, stallAfter, json, input, output, dynamic);
    }

    String text() {
      return String.join("", deltas);
    }
  }

  private final Dialect dialect;
  private final Server server = new Server();
  private final ServerConnector connector;
  private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger ids = new AtomicInteger();
  private volatile String modelName = "scripted-model";

  private ScriptedModelServer(Dialect dialect, List<Reply> replies) {
    this.dialect = dialect;
    script.addAll(replies);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        serve(request, response, callback);
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("scripted model server did not start", e);
    }
  }

  /** A server speaking OpenAI chat completions, playing these replies in order. */
  public static ScriptedModelServer openAi(Reply... script) {
    return new ScriptedModelServer(Dialect.OPENAI, Arrays.asList(script));
  }

  /** A server speaking Anthropic's Messages API, playing these replies in order. */
  public static ScriptedModelServer anthropic(Reply... script) {
    return new ScriptedModelServer(Dialect.ANTHROPIC, Arrays.asList(script));
  }

  /** Appends replies to the script. */
  public ScriptedModelServer then(Reply... more) {
    script.addAll(Arrays.asList(more));
    return this;
  }

  /** Drops the replies not played yet (a test that reuses one server between cases). */
  public ScriptedModelServer clear() {
    script.clear();
    return this;
  }

  /** The model name reported in answers. */
  public ScriptedModelServer reportingModel(String name) {
    this.modelName = name;
    return this;
  }

  /** {@code http://127.0.0.1:PORT/v1}: the base URL to configure. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public int port() {
    return connector.getLocalPort();
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Every request received so far, in order. */
  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** Replies not played yet. */
  public int remaining() {
    return script.size();
  }

  /** Everything every request carried, as one text. */
  public String allReceived() {
    StringBuilder b = new StringBuilder();
    requests.forEach(r -> b.append(r.all()).append('\n'));
    return b.toString();
  }

  /** Waits until {@code n} requests arrived. */
  public boolean awaitRequests(int n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (requests.size() < n) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("scripted model server did not stop", e);
    }
  }

  // ---- serving --------------------------------------------------------------------------------

  private void serve(Request request, Response response, Callback callback) throws Exception {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.getHeaders().forEach(f -> headers.merge(f.getName(), f.getValue(), (a, b) -> a + ", " + b));
    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
    Recorded rec = new Recorded(request.getMethod(), request.getHttpURI().getPathQuery(), headers, body);
    requests.add(rec);
    String expected = dialect == Dialect.OPENAI ? "/chat/completions" : "/messages";
    if (!request.getMethod().equals("POST") || !request.getHttpURI().getPath().endsWith(expected)) {
      plain(response, callback, 404, "{\"error\":{\"message\":\"no such endpoint\",\"type\":\"not_found\"}}");
      return;
    }
    Reply reply = script.pollFirst();
    while (reply != null && reply.dynamic != null) {
      reply = reply.dynamic.apply(rec);
    }
    if (reply == null) {
      plain(response, callback, 500, "{\"error\":{\"message\":\"script exhausted\",\"type\":\"test\"}}");
      return;
    }
    if (reply.status != 200) {
      if (reply.retryAfter >= 0) {
        response.getHeaders().put("Retry-After", String.valueOf(reply.retryAfter));
      }
      String type = reply.status == 429 ? "rate_limit_error" : "api_error";
      plain(response, callback, reply.status,
          JSON.writeValueAsString(JSON.createObjectNode().set("error", JSON.createObjectNode().put("message", reply.error).put("type", type))));
      return;
    }
    JsonNode req = rec.json();
    boolean stream = req != null && req.path("stream").asBoolean(false) && !reply.json;
    long in = reply.inputTokens >= 0 ? reply.inputTokens : (body.length() + 3) / 4;
    long out = reply.outputTokens >= 0 ? reply.outputTokens
        : (reply.text().length() + reply.calls.stream().mapToInt(c -> c.name().length() + c.arguments().length()).sum() + 3) / 4;
    List<String> callIds = new ArrayList<>();
    for (int i = 0; i < reply.calls.size(); i++) {
      callIds.add((dialect == Dialect.OPENAI ? "call_" : "toolu_") + ids.incrementAndGet());
    }
    if (!stream) {
      plain(response, callback, 200, dialect == Dialect.OPENAI ? openAiJson(reply, callIds, in, out) : anthropicJson(reply, callIds, in, out));
      return;
    }
    response.getHeaders().put("Content-Type", "text/event-stream");
    response.getHeaders().put("Cache-Control", "no-cache");
    try (OutputStream os = Content.Sink.asOutputStream(response)) {
      Events ev = new Events(os, reply);
      if (dialect == Dialect.OPENAI) {
        openAiStream(ev, reply, callIds, in, out, req.path("stream_options").path("include_usage").asBoolean(false));
      } else {
        anthropicStream(ev, reply, callIds, in, out);
      }
    } catch (IOException e) {
      // the client went away (cancelled): nothing more to send
    }
    callback.succeeded();
  }

  private static void plain(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/json");
    Content.Sink.write(response, true, body, callback);
  }

  /** Writes events, honouring the reply's delay and stall. */
  private final class Events {
    private final OutputStream os;
    private final Reply reply;
    private int textSent;

    Events(OutputStream os, Reply reply) {
      this.os = os;
      this.reply = reply;
    }

    void send(String event, JsonNode data) throws IOException {
      if (!reply.delay.isZero()) {
        try {
          Thread.sleep(reply.delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
      String text = (event == null ? "" : "event: " + event + "\n") + "data: " + JSON.writeValueAsString(data) + "\n\n";
      os.write(text.getBytes(StandardCharsets.UTF_8));
      os.flush();
    }

    void done() throws IOException {
      os.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      os.flush();
    }

    /** Called before each text delta: stalls once the reply's count is reached. */
    void beforeText() throws IOException {
      if (reply.stallAfter >= 0 && textSent >= reply.stallAfter) {
        stall();
      }
      textSent++;
    }

    private void stall() throws IOException {
      try {
        while (!closed.await(100, TimeUnit.MILLISECONDS)) {
          os.write(": still thinking\n\n".getBytes(StandardCharsets.UTF_8));
          os.flush(); // throws once the client is gone
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("stopped while stalled");
    }
  }

  private void openAiStream(Events ev, Reply r, List<String> ids, long in, long out, boolean usage) throws IOException {
    String id = "chatcmpl-" + ids.size() + "-" + System.nanoTime();
    ev.send(null, chunk(id, JSON.createObjectNode().put("role", "assistant"), null));
    for (String d : r.deltas) {
      ev.beforeText();
      ev.send(null, chunk(id, JSON.createObjectNode().put("content", d), null));
    }
    if (r.stallAfter >= 0 && r.deltas.size() <= r.stallAfter) {
      ev.beforeText();
    }
    for (int i = 0; i < r.calls.size(); i++) {
      Call c = r.calls.get(i);
      ObjectNode first = JSON.createObjectNode();
      ObjectNode call = first.putArray("tool_calls").addObject().put("index", i).put("id", ids.get(i)).put("type", "function");
      call.putObject("function").put("name", c.name()).put("arguments", "");
      ev.send(null, chunk(id, first, null));
      // the arguments in two fragments, as real servers split them
      String a = c.arguments();
      for (String part : new String[] {a.substring(0, a.length() / 2), a.substring(a.length() / 2)}) {
        ObjectNode d = JSON.createObjectNode();
        d.putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", part);
        ev.send(null, chunk(id, d, null));
      }
    }
    ev.send(null, chunk(id, JSON.createObjectNode(), r.calls.isEmpty() ? "stop" : "tool_calls"));
    if (usage) {
      ObjectNode u = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("model", modelName);
      u.putArray("choices");
      u.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
      ev.send(null, u);
    }
    ev.done();
  }

  private ObjectNode chunk(String id, ObjectNode delta, String finish) {
    ObjectNode c = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("model", modelName);
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return c;
  }

  private String openAiJson(Reply r, List<String> ids, long in, long out) {
    ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-json").put("object", "chat.completion").put("model", modelName);
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0).put("finish_reason", r.calls.isEmpty() ? "stop" : "tool_calls");
    ObjectNode msg = choice.putObject("message").put("role", "assistant");
    if (r.deltas.isEmpty() && !r.calls.isEmpty()) {
      msg.putNull("content");
    } else {
      msg.put("content", r.text());
    }
    if (!r.calls.isEmpty()) {
      ArrayNode calls = msg.putArray("tool_calls");
      for (int i = 0; i < r.calls.size(); i++) {
        ObjectNode call = calls.addObject().put("id", ids.get(i)).put("type", "function");
        call.putObject("function").put("name", r.calls.get(i).name()).put("arguments", r.calls.get(i).arguments());
      }
    }
    c.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
    return JSON.writeValueAsString(c);
  }

  private void anthropicStream(Events ev, Reply r, List<String> ids, long in, long out) throws IOException {
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    ObjectNode msg = start.putObject("message").put("id", "msg_" + System.nanoTime()).put("type", "message").put("role", "assistant")
        .put("model", modelName);
    msg.putArray("content");
    msg.putObject("usage").put("input_tokens", in).put("output_tokens", 1);
    ev.send("message_start", start);
    int index = 0;
    if (!r.deltas.isEmpty() || r.stallAfter >= 0) {
      ObjectNode bs = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
      bs.putObject("content_block").put("type", "text").put("text", "");
      ev.send("content_block_start", bs);
      for (String d : r.deltas) {
        ev.beforeText();
        ObjectNode bd = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        bd.putObject("delta").put("type", "text_delta").put("text", d);
        ev.send("content_block_delta", bd);
      }
      if (r.stallAfter >= 0 && r.deltas.size() <= r.stallAfter) {
        ev.beforeText();
      }
      ev.send("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
      index++;
    }
    ev.send("ping", JSON.createObjectNode().put("type", "ping"));
    for (int i = 0; i < r.calls.size(); i++, index++) {
      Call c = r.calls.get(i);
      ObjectNode bs = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
      bs.putObject("content_block").put("type", "tool_use").put("id", ids.get(i)).put("name", c.name()).putObject("input");
      ev.send("content_block_start", bs);
      String a = c.arguments();
      for (String part : new String[] {a.substring(0, a.length() / 2), a.substring(a.length() / 2)}) {
        ObjectNode bd = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        bd.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
        ev.send("content_block_delta", bd);
      }
      ev.send("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
    }
    ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
    md.putObject("delta").put("stop_reason", r.calls.isEmpty() ? "end_turn" : "tool_use");
    md.putObject("usage").put("output_tokens", out);
    ev.send("message_delta", md);
    ev.send("message_stop", JSON.createObjectNode().put("type", "message_stop"));
  }

  private String anthropicJson(Reply r, List<String> ids, long in, long out) {
    ObjectNode m = JSON.createObjectNode().put("id", "msg_json").put("type", "message").put("role", "assistant").put("model", modelName);
    ArrayNode content = m.putArray("content");
    if (!r.deltas.isEmpty()) {
      content.addObject().put("type", "text").put("text", r.text());
    }
    for (int i = 0; i < r.calls.size(); i++) {
      content.addObject().put("type", "tool_use").put("id", ids.get(i)).put("name", r.calls.get(i).name())
          .set("input", JSON.readTree(r.calls.get(i).arguments()));
    }
    m.put("stop_reason", r.calls.isEmpty() ? "end_turn" : "tool_use");
    m.putObject("usage").put("input_tokens", in).put("output_tokens", out);
    return JSON.writeValueAsString(m);
  }
}
