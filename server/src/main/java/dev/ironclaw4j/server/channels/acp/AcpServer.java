package dev.ironclaw4j.server.channels.acp;

import dev.ironclaw4j.guard.tool.Approver;
import dev.ironclaw4j.server.Version;
import dev.ironclaw4j.server.agent.Conversations;
import dev.ironclaw4j.server.agent.SessionInfo;
import dev.ironclaw4j.server.agent.Turn;
import dev.ironclaw4j.server.agent.TurnListener;
import dev.ironclaw4j.server.agent.TurnResult;
import dev.ironclaw4j.server.channels.ChannelErrors;
import dev.ironclaw4j.server.channels.ChannelException;
import dev.ironclaw4j.server.channels.ChannelServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ironclaw4j acp}: the agent side of the Agent Client Protocol (v1) for Zed, JetBrains IDEs and
 * other ACP editors. Sessions are the one {@link Conversations} core's sessions (channel {@code acp});
 * prompts stream back as {@code session/update} (message chunks, tool calls and their updates, plans);
 * every approval the tool pipeline asks for becomes {@code session/request_permission}; cancel stops
 * the turn. The editor's file-system and terminal capabilities are never used: tools run only through
 * the pipeline.
 */
public final class AcpServer implements JsonRpcPeer.Handler {
  private static final Logger LOG = Logger.getLogger(AcpServer.class.getName());
  public static final int PROTOCOL_VERSION = 1;
  /** ACP's "resource not found" (unknown session). */
  static final int RESOURCE_NOT_FOUND = -32002;
  static final String CHANNEL = "acp";

  private final ChannelServices services;
  private final Optional<Conversations> agent;
  private final String caller;
  private final Duration permissionTimeout;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicLong permissionIds = new AtomicLong();
  private volatile JsonRpcPeer peer;

  /** One ACP session on this connection: its running turn and the tool calls announced in it. */
  private static final class Session {
    final String id;
    volatile Turn turn;
    final Map<String, String> lastCallOfTool = new ConcurrentHashMap<>();
    final Map<Long, CompletableFuture<JsonNode>> permissions = new ConcurrentHashMap<>();

    Session(String id) {
      this.id = id;
    }
  }

  public AcpServer(ChannelServices services, Optional<Conversations> agent, String caller, Duration permissionTimeout) {
    this.services = services;
    this.agent = agent;
    this.caller = caller;
    this.permissionTimeout = permissionTimeout;
  }

  public void connect(JsonRpcPeer peer) {
    this.peer = peer;
  }

  @Override
  public Object request(String method, JsonNode params) throws Exception {
    JsonNode p = params == null ? JsonRpcPeer.NODES.objectNode() : params;
    return switch (method) {
      case "initialize" -> initialize(p);
      case "authenticate" -> JsonRpcPeer.NODES.objectNode();
      case "session/new" -> newSession(p);
      case "session/load" -> loadSession(p);
      case "session/prompt" -> prompt(p);
      default -> throw new ChannelException(ChannelErrors.METHOD_NOT_FOUND, "unsupported", "method not found: " + method);
    };
  }

  @Override
  public void notification(String method, JsonNode params) {
    if (method.equals("session/cancel") && params != null) {
      Session s = sessions.get(params.path("sessionId").asString(""));
      if (s != null) {
        cancel(s);
      }
    }
    // other notifications (extensions, $/cancel_request) are not used
  }

  // ---- initialize ----------------------------------------------------------------------------------

  private JsonNode initialize(JsonNode p) {
    ObjectNode r = JsonRpcPeer.NODES.objectNode();
    int asked = p.path("protocolVersion").asInt(PROTOCOL_VERSION);
    r.put("protocolVersion", Math.min(Math.max(asked, 1), PROTOCOL_VERSION));
    ObjectNode caps = r.putObject("agentCapabilities");
    caps.put("loadSession", agent.isPresent());
    ObjectNode prompt = caps.putObject("promptCapabilities");
    prompt.put("image", false);
    prompt.put("audio", false);
    prompt.put("embeddedContext", true);
    ObjectNode mcp = caps.putObject("mcpCapabilities");
    mcp.put("http", false);
    mcp.put("sse", false);
    r.putArray("authMethods");
    ObjectNode info = r.putObject("agentInfo");
    info.put("name", "ironclaw4j");
    info.put("title", "ironclaw4j");
    info.put("version", Version.get());
    return r;
  }

  // ---- sessions ------------------------------------------------------------------------------------

  private Object newSession(JsonNode p) {
    services.requireAvailable();
    Conversations conv = agent.orElseThrow(ChannelException::agentUnavailable);
    requireCwd(p);
    SessionInfo info = conv.open(CHANNEL, caller, Optional.empty());
    sessions.put(info.id(), new Session(info.id()));
    ObjectNode r = JsonRpcPeer.NODES.objectNode();
    r.put("sessionId", info.id());
    return new JsonRpcPeer.Reply(r, mcpRefusal(info.id(), p.path("mcpServers")));
  }

  private Object loadSession(JsonNode p) {
    services.requireAvailable();
    Conversations conv = agent.orElseThrow(ChannelException::agentUnavailable);
    requireCwd(p);
    String id = p.path("sessionId").asString("");
    if (id.isEmpty()) {
      throw ChannelException.invalid("sessionId is required");
    }
    SessionInfo info;
    try {
      info = conv.open(CHANNEL, caller, Optional.of(id));
    } catch (dev.ironclaw4j.server.agent.AgentException e) {
      if (e.reason().equals("unknown-session")) {
        throw new ChannelException(RESOURCE_NOT_FOUND, "unknown-session", e.getMessage());
      }
      throw e;
    }
    sessions.putIfAbsent(info.id(), new Session(info.id()));
    int n = 0;
    for (Conversations.TranscriptEntry e : conv.transcript(info.id())) {
      switch (e.role()) {
        case "user" -> update(info.id(), chunk("user_message_chunk", e.text()));
        case "assistant" -> update(info.id(), chunk("agent_message_chunk", e.text()));
        case "tool" -> {
          String tool = e.toolName().orElse("tool");
          ObjectNode u = JsonRpcPeer.NODES.objectNode();
          u.put("sessionUpdate", "tool_call");
          u.put("toolCallId", "replay-" + (++n));
          u.put("title", tool);
          u.put("kind", kind(services.effectsOf(tool)));
          u.put("status", "completed");
          u.set("content", textContent(e.text()));
          update(info.id(), u);
        }
        default -> LOG.log(Level.FINE, "transcript entry with unknown role skipped");
      }
    }
    return new JsonRpcPeer.Reply(JsonRpcPeer.NODES.objectNode(), mcpRefusal(info.id(), p.path("mcpServers")));
  }

  private static void requireCwd(JsonNode p) {
    if (!p.path("cwd").isString() || p.path("cwd").asString().isEmpty()) {
      throw ChannelException.invalid("cwd is required (an absolute path)");
    }
  }

  /**
   * MCP servers offered by the editor are not mounted: this build has no MCP client to put them behind
   * the guarded pipeline, and mounting them any other way would give the agent an unguarded path to
   * tools. The session works without them; the editor's user is told once, right after the answer.
   */
  private Runnable mcpRefusal(String sessionId, JsonNode servers) {
    if (!servers.isArray() || servers.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    servers.forEach(s -> names.add(s.path("name").asString("?")));
    String text = "ironclaw4j did not start the MCP servers the editor passed (" + String.join(", ", names)
        + "): this build has no MCP client to run them behind its tool pipeline (approvals, egress, leak"
        + " redaction, audit), and it does not run tools any other way. The session works without them.\n\n";
    LOG.log(Level.WARNING, "refused " + names.size() + " MCP server(s) passed in session/new: no MCP client in this build");
    return () -> update(sessionId, chunk("agent_message_chunk", text));
  }

  // ---- prompt --------------------------------------------------------------------------------------

  private JsonNode prompt(JsonNode p) throws InterruptedException {
    Conversations conv = agent.orElseThrow(ChannelException::agentUnavailable);
    String id = p.path("sessionId").asString("");
    Session s = sessions.get(id);
    if (s == null) {
      throw new ChannelException(RESOURCE_NOT_FOUND, "unknown-session",
          "no session " + id + " on this connection (session/new or session/load first)");
    }
    String text = promptText(p.path("prompt"));
    if (text.isBlank()) {
      throw ChannelException.invalid("the prompt has no text");
    }
    TurnListener listener = new TurnListener() {
      @Override
      public void delta(String t) {
        update(id, chunk("agent_message_chunk", t));
      }

      @Override
      public void toolCall(String callId, String tool, String inputSummary) {
        s.lastCallOfTool.put(tool, callId);
        ObjectNode u = JsonRpcPeer.NODES.objectNode();
        u.put("sessionUpdate", "tool_call");
        u.put("toolCallId", callId);
        u.put("title", tool);
        u.put("kind", kind(services.effectsOf(tool)));
        u.put("status", "pending");
        u.set("rawInput", raw(inputSummary));
        update(id, u);
      }

      @Override
      public void toolResult(String callId, String tool, boolean ok, String summary) {
        ObjectNode u = JsonRpcPeer.NODES.objectNode();
        u.put("sessionUpdate", "tool_call_update");
        u.put("toolCallId", callId);
        u.put("status", ok ? "completed" : "failed");
        u.set("content", textContent(summary));
        update(id, u);
      }

      @Override
      public void plan(List<String> steps) {
        ObjectNode u = JsonRpcPeer.NODES.objectNode();
        u.put("sessionUpdate", "plan");
        ArrayNode entries = u.putArray("entries");
        for (String step : steps) {
          ObjectNode e = entries.addObject();
          e.put("content", step);
          e.put("priority", "medium");
          e.put("status", "pending");
        }
        update(id, u);
      }
    };
    Turn turn = conv.prompt(id, text, listener, approver(s));
    s.turn = turn;
    TurnResult r;
    try {
      r = turn.result().get();
    } catch (ExecutionException e) {
      r = new TurnResult(TurnResult.Status.FAILED, "the turn failed", 0, 0);
    } catch (InterruptedException e) {
      turn.cancel();
      throw e;
    } finally {
      s.turn = null;
    }
    String stop = switch (r.status()) {
      case COMPLETED -> "end_turn";
      case CANCELLED -> "cancelled";
      case BUDGET_EXHAUSTED -> "max_turn_requests";
      case STUCK, NO_MODEL -> "end_turn";
      case FAILED -> null;
    };
    if (stop == null) {
      throw new ChannelException(ChannelException.AGENT_ERROR, "turn-failed", r.text());
    }
    if (r.status() != TurnResult.Status.COMPLETED && r.status() != TurnResult.Status.CANCELLED && r.text() != null
        && !r.text().isBlank()) {
      update(id, chunk("agent_message_chunk", r.text()));
    }
    ObjectNode res = JsonRpcPeer.NODES.objectNode();
    res.put("stopReason", stop);
    return res;
  }

  private void cancel(Session s) {
    Turn t = s.turn;
    if (t != null) {
      t.cancel();
    }
    s.permissions.values().forEach(f -> f.cancel(true));
  }

  /** The prompt's content as one text: text blocks as they are, resources with their text, links by uri. */
  static String promptText(JsonNode blocks) {
    StringBuilder b = new StringBuilder();
    if (!blocks.isArray()) {
      return "";
    }
    for (JsonNode block : blocks) {
      String type = block.path("type").asString("");
      switch (type) {
        case "text" -> b.append(block.path("text").asString(""));
        case "resource_link" -> b.append("\n[").append(block.path("name").asString("resource")).append("](")
            .append(block.path("uri").asString("")).append(")\n");
        case "resource" -> {
          JsonNode res = block.path("resource");
          b.append("\n--- ").append(res.path("uri").asString("resource")).append(" ---\n");
          b.append(res.path("text").asString("(binary content not shown)")).append('\n');
        }
        default -> b.append("\n[").append(type).append(" content not supported]\n");
      }
    }
    return b.toString();
  }

  // ---- permissions -----------------------------------------------------------------------------------

  /**
   * The pipeline's approver for a session: {@code session/request_permission} with allow once, allow for
   * this session (only when the pipeline allows remembering) and deny. No answer in time, a cancelled
   * prompt or an error is a denial.
   */
  private Approver approver(Session s) {
    return r -> {
      JsonRpcPeer pe = peer;
      if (pe == null) {
        return Approver.Answer.DENY;
      }
      List<String> effects = r.effects().stream().map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().toList();
      String callId = s.lastCallOfTool.getOrDefault(r.tool(), "permission-" + permissionIds.incrementAndGet());
      ObjectNode params = JsonRpcPeer.NODES.objectNode();
      params.put("sessionId", s.id);
      ObjectNode call = params.putObject("toolCall");
      call.put("toolCallId", callId);
      call.put("title", r.tool());
      call.put("kind", kind(effects));
      call.put("status", "pending");
      call.set("rawInput", raw(r.inputSummary()));
      call.set("content", textContent(r.why() + ". Effects: " + (effects.isEmpty() ? "none" : String.join(", ", effects))
          + ". Input: " + r.inputSummary()));
      ArrayNode options = params.putArray("options");
      option(options, "allow_once", "Allow once", "allow_once");
      if (r.mayRemember()) {
        option(options, "allow_session", "Allow for this session", "allow_always");
      }
      option(options, "deny", "Deny", "reject_once");
      long key = permissionIds.incrementAndGet();
      CompletableFuture<JsonNode> f = pe.request("session/request_permission", params);
      s.permissions.put(key, f);
      try {
        JsonNode res = f.get(permissionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode outcome = res == null ? null : res.path("outcome");
        if (outcome == null || !"selected".equals(outcome.path("outcome").asString(""))) {
          return Approver.Answer.DENY;
        }
        return switch (outcome.path("optionId").asString("")) {
          case "allow_once" -> Approver.Answer.ALLOW_ONCE;
          case "allow_session" -> r.mayRemember() ? Approver.Answer.ALLOW_FOR_SESSION : Approver.Answer.ALLOW_ONCE;
          default -> Approver.Answer.DENY;
        };
      } catch (TimeoutException e) {
        LOG.log(Level.INFO, "no answer to the permission request for " + r.tool() + " within "
            + permissionTimeout.toSeconds() + " s; denied");
        return Approver.Answer.DENY;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Approver.Answer.DENY;
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        return Approver.Answer.DENY;
      } finally {
        s.permissions.remove(key);
      }
    };
  }

  private static void option(ArrayNode options, String id, String name, String kind) {
    ObjectNode o = options.addObject();
    o.put("optionId", id);
    o.put("name", name);
    o.put("kind", kind);
  }

  // ---- JSON helpers ----------------------------------------------------------------------------------

  private void update(String sessionId, ObjectNode update) {
    JsonRpcPeer pe = peer;
    if (pe == null) {
      return;
    }
    ObjectNode n = JsonRpcPeer.NODES.objectNode();
    n.put("sessionId", sessionId);
    n.set("update", update);
    pe.notify("session/update", n);
  }

  private static ObjectNode chunk(String kind, String text) {
    ObjectNode u = JsonRpcPeer.NODES.objectNode();
    u.put("sessionUpdate", kind);
    ObjectNode c = u.putObject("content");
    c.put("type", "text");
    c.put("text", text == null ? "" : text);
    return u;
  }

  private static ArrayNode textContent(String text) {
    ArrayNode a = JsonRpcPeer.NODES.arrayNode();
    ObjectNode outer = a.addObject();
    outer.put("type", "content");
    ObjectNode inner = outer.putObject("content");
    inner.put("type", "text");
    inner.put("text", text == null ? "" : text);
    return a;
  }

  /** A tool input summary as JSON when it is JSON, else as a string. */
  private static JsonNode raw(String summary) {
    if (summary == null) {
      return JsonRpcPeer.NODES.nullNode();
    }
    try {
      JsonNode n = JsonRpcPeer.JSON.readTree(summary);
      if (n != null && (n.isObject() || n.isArray())) {
        return n;
      }
    } catch (RuntimeException e) {
      // a summary that was cut, or not JSON: sent as text
    }
    return JsonRpcPeer.NODES.stringNode(summary);
  }

  /** ACP's tool kind from the tool's effects. */
  static String kind(List<String> effects) {
    if (effects.contains("destructive")) {
      return "delete";
    }
    if (effects.contains("execute")) {
      return "execute";
    }
    if (effects.contains("write_files")) {
      return "edit";
    }
    if (effects.contains("network")) {
      return "fetch";
    }
    if (effects.contains("read_private")) {
      return "read";
    }
    return "other";
  }
}
