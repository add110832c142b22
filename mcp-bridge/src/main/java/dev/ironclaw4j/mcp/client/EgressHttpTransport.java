package dev.ironclaw4j.mcp.client;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The client side of MCP Streamable HTTP, written over guard's {@link Egress} (the product's one HTTP
 * client: the SDK's own transport builds a {@code java.net.http.HttpClient}). Each message is one POST
 * through the whole egress pipeline — allow-list, leak scan of the request, the bearer token injected
 * from the vault by its binding (never seen here), pinned DNS, response caps, redaction of echoed
 * secrets, audit as {@code mcp:SERVER}. A JSON answer or an event stream (read to its end) is handed to
 * the session. No standalone GET stream: servers send their requests and notifications on the POST's
 * stream, which is what the tools need.
 */
final class EgressHttpTransport implements McpClientTransport {
  private static final Logger LOG = Logger.getLogger(EgressHttpTransport.class.getName());

  private final String server;
  private final String url;
  private final String tokenSecret;
  private final Egress egress;
  private final McpJsonMapper json;
  private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;
  private volatile String sessionId;
  private volatile String protocolVersion;
  private volatile Object initializeId;

  /** {@code tokenSecret}: the vault secret bound to this URL whose value is sent as the bearer token, or null. */
  EgressHttpTransport(String server, String url, String tokenSecret, Egress egress, McpJsonMapper json) {
    this.server = server;
    this.url = url;
    this.tokenSecret = tokenSecret;
    this.egress = egress;
    this.json = json;
  }

  @Override
  public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    this.handler = handler;
    return Mono.empty();
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.<Void>fromRunnable(() -> post(message)).subscribeOn(Schedulers.boundedElastic());
  }

  private EgressRequest.Builder request(String method) {
    EgressRequest.Builder b = EgressRequest.builder("mcp:" + server, method, url);
    if (sessionId != null) {
      b.header("Mcp-Session-Id", sessionId);
    }
    if (protocolVersion != null) {
      b.header("MCP-Protocol-Version", protocolVersion);
    }
    if (tokenSecret != null) {
      b.attachSecret(tokenSecret);
    }
    return b;
  }

  private void post(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest r && McpSchema.METHOD_INITIALIZE.equals(r.method())) {
      initializeId = r.id();
    }
    String body;
    try {
      body = json.writeValueAsString(message);
    } catch (IOException e) {
      throw new McpClientException("bad-message", "cannot encode an MCP message for " + server, e);
    }
    EgressResponse res;
    try {
      res = egress.send(request("POST")
          .header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream")
          .body(body)
          .build());
    } catch (EgressDeniedException e) {
      throw new McpClientException("egress-denied", "egress refused the request to MCP server " + server + " (" + e.reason() + "): " + e.getMessage(), e);
    }
    res.header("Mcp-Session-Id").ifPresent(id -> sessionId = id);
    int status = res.status();
    if (status == 202 || (status == 200 && res.body().length == 0)) {
      return;
    }
    if (status == 404 && sessionId != null) {
      throw new McpClientException("session-expired", "MCP server " + server + " no longer knows this session; reconnect");
    }
    if (status == 401 || status == 403) {
      throw new McpClientException("http-error", "MCP server " + server + " refused the request (HTTP " + status + ")"
          + (tokenSecret == null ? "; it may need a token: re-add it with --token-secret NAME" : "; check the secret " + tokenSecret + " and its binding"));
    }
    if (status / 100 != 2) {
      throw new McpClientException("http-error", "MCP server " + server + " answered HTTP " + status);
    }
    String type = res.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    List<String> payloads = type.startsWith("text/event-stream") ? eventData(res.bodyText()) : List.of(res.bodyText());
    for (String p : payloads) {
      deliverAll(p);
    }
  }

  /** The {@code data} of each {@code message} event of an event stream (multi-line data joined by newlines). */
  static List<String> eventData(String stream) {
    List<String> out = new ArrayList<>();
    StringBuilder data = null;
    String event = "message";
    for (String line : stream.split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (data != null && event.equals("message")) {
          out.add(data.toString());
        }
        data = null;
        event = "message";
      } else if (line.startsWith("data:")) {
        String v = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
        data = data == null ? new StringBuilder(v) : data.append('\n').append(v);
      } else if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      }
    }
    if (data != null && event.equals("message")) {
      out.add(data.toString());
    }
    return out;
  }

  private void deliverAll(String payload) {
    String p = payload.strip();
    if (p.isEmpty()) {
      return;
    }
    try {
      if (p.startsWith("[")) {
        for (Object o : json.readValue(p, new TypeRef<List<Map<String, Object>>>() {})) {
          deliver(json.writeValueAsString(o));
        }
      } else {
        deliver(p);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "MCP server " + server + " sent something that is not JSON-RPC; ignored");
    }
  }

  private void deliver(String text) throws IOException {
    McpSchema.JSONRPCMessage m = McpSchema.deserializeJsonRpcMessage(json, text);
    if (m instanceof McpSchema.JSONRPCResponse r && r.id() != null && r.id().equals(initializeId) && r.result() instanceof Map<?, ?> result
        && result.get("protocolVersion") instanceof String v && v.matches("[0-9-]{1,20}")) {
      protocolVersion = v;
    }
    handler.apply(Mono.just(m)).subscribe(x -> {}, e -> LOG.log(Level.FINE, "MCP message of " + server + " not handled: " + e.getMessage()));
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.<Void>fromRunnable(this::endSession).subscribeOn(Schedulers.boundedElastic());
  }

  /** Tells the server the session is over (DELETE); failures are only logged. */
  private void endSession() {
    if (sessionId == null) {
      return;
    }
    try {
      egress.send(request("DELETE").build());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "ending the MCP session with " + server + ": " + e.getMessage());
    }
    sessionId = null;
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }
}
