package dev.ironclaw4j.server.llm;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API ({@code POST {base}/messages}, base {@code https://api.anthropic.com/v1}),
 * streamed: text deltas and tool use blocks whose JSON input arrives in fragments. The system prompt goes
 * in {@code system}; tool results go back as {@code tool_result} blocks of one user message; consecutive
 * messages of one role are merged, as the API requires. The key is injected by its binding, usually
 * {@code header:x-api-key}.
 */
public final class AnthropicModel extends HttpChatModel {
  static final String VERSION = "2023-06-01";

  public AnthropicModel(ModelSettings settings, Egress egress, RetryPolicy retry) {
    super(settings, egress, retry);
  }

  @Override
  List<Header> headers() {
    return List.of(new Header("anthropic-version", VERSION));
  }

  @Override
  String body(ChatRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", settings.model());
    body.put("max_tokens", request.maxOutputTokens());
    StringBuilder system = new StringBuilder();
    ArrayNode messages = body.putArray("messages");
    ObjectNode current = null;
    String currentRole = "";
    for (Message m : request.messages()) {
      if (m.role() == Message.Role.SYSTEM) {
        system.append(system.isEmpty() ? "" : "\n\n").append(m.text());
        continue;
      }
      String role = m.role() == Message.Role.ASSISTANT ? "assistant" : "user";
      if (current == null || !role.equals(currentRole)) {
        current = messages.addObject().put("role", role);
        current.putArray("content");
        currentRole = role;
      }
      ArrayNode content = (ArrayNode) current.get("content");
      switch (m.role()) {
        case USER -> content.addObject().put("type", "text").put("text", nonEmpty(m.text()));
        case ASSISTANT -> {
          if (!m.text().isEmpty() || m.toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", nonEmpty(m.text()));
          }
          for (ToolCall c : m.toolCalls()) {
            content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                .set("input", argumentsObject(c.arguments()));
          }
        }
        case TOOL -> content.addObject().put("type", "tool_result").put("tool_use_id", m.toolCallId()).put("content", m.text());
        case SYSTEM -> throw new IllegalStateException("handled above");
      }
    }
    if (!system.isEmpty()) {
      body.put("system", system.toString());
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDef t : request.tools()) {
        tools.addObject().put("name", t.name()).put("description", t.description()).set("input_schema", t.parameters());
      }
    }
    body.put("stream", settings.stream());
    return JSON.writeValueAsString(body);
  }

  private static String nonEmpty(String s) {
    return s.isEmpty() ? "(empty)" : s;
  }

  @Override
  Parser parser(ChatRequest request, ChatSink sink) {
    return new EventParser(request, sink);
  }

  /** Assembles the answer from Messages API events, or from one JSON message. */
  private final class EventParser implements Parser {
    private final ChatRequest request;
    private final ChatSink sink;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, String[]> tools = new TreeMap<>(); // block index -> {id, name, partial json}
    private final StringBuilder plainBody = new StringBuilder();
    private String stop = "";
    private String model = settings.model();
    private long inputTokens = -1;
    private long outputTokens = -1;
    private boolean streamed;
    private boolean sawEvents;

    EventParser(ChatRequest request, ChatSink sink) {
      this.request = request;
      this.sink = sink;
    }

    @Override
    public boolean streamed() {
      return streamed;
    }

    @Override
    public void line(String line, boolean eventStream) {
      if (!eventStream && !sawEvents && !line.startsWith("data:") && !line.startsWith("event:")) {
        plainBody.append(line).append('\n');
        return;
      }
      if (!line.startsWith("data:")) {
        sawEvents |= line.startsWith("event:");
        return;
      }
      sawEvents = true;
      String data = line.substring(5).strip();
      if (!data.isEmpty()) {
        event(parse(data));
      }
    }

    private void event(JsonNode e) {
      switch (e.path("type").asString("")) {
        case "message_start" -> {
          JsonNode m = e.path("message");
          if (m.hasNonNull("model")) {
            model = m.get("model").asString();
          }
          usage(m.path("usage"));
        }
        case "content_block_start" -> {
          JsonNode b = e.path("content_block");
          if (b.path("type").asString("").equals("tool_use")) {
            String input = b.has("input") && b.get("input").isObject() && !b.get("input").isEmpty() ? b.get("input").toString() : "";
            tools.put(e.path("index").asInt(), new String[] {b.path("id").asString(""), b.path("name").asString(""), input});
          } else if (b.path("type").asString("").equals("text")) {
            text(b.path("text").asString(""));
          }
        }
        case "content_block_delta" -> {
          JsonNode d = e.path("delta");
          switch (d.path("type").asString("")) {
            case "text_delta" -> text(d.path("text").asString(""));
            case "input_json_delta" -> {
              String[] t = tools.get(e.path("index").asInt());
              if (t != null) {
                t[2] += d.path("partial_json").asString("");
              }
            }
            default -> {
              // thinking and signature deltas are not part of the answer
            }
          }
        }
        case "message_delta" -> {
          if (e.path("delta").hasNonNull("stop_reason")) {
            stop = e.path("delta").get("stop_reason").asString();
          }
          usage(e.path("usage"));
        }
        case "error" -> {
          String type = e.path("error").path("type").asString("");
          boolean retry = type.equals("overloaded_error") || type.equals("api_error") || type.equals("rate_limit_error");
          throw new ModelException(type.equals("rate_limit_error") ? "rate-limited" : "unavailable",
              id() + " reported an error mid-answer: " + errorDetail(e.toString()), retry, streamed, -1, null);
        }
        case "message" -> message(e); // a non-streamed answer
        default -> {
          // ping, content_block_stop, message_stop
        }
      }
    }

    private void message(JsonNode m) {
      if (m.hasNonNull("model")) {
        model = m.get("model").asString();
      }
      int i = 0;
      for (JsonNode b : m.path("content")) {
        String type = b.path("type").asString("");
        if (type.equals("text")) {
          text(b.path("text").asString(""));
        } else if (type.equals("tool_use")) {
          tools.put(i, new String[] {b.path("id").asString(""), b.path("name").asString(""), b.path("input").toString()});
        }
        i++;
      }
      if (m.hasNonNull("stop_reason")) {
        stop = m.get("stop_reason").asString();
      }
      usage(m.path("usage"));
    }

    private void text(String t) {
      if (!t.isEmpty()) {
        text.append(t);
        streamed = true;
        sink.text(t);
      }
    }

    private void usage(JsonNode u) {
      if (u == null || !u.isObject()) {
        return;
      }
      if (u.has("input_tokens")) {
        inputTokens = u.get("input_tokens").asLong() + u.path("cache_read_input_tokens").asLong(0)
            + u.path("cache_creation_input_tokens").asLong(0);
      }
      if (u.has("output_tokens")) {
        outputTokens = u.get("output_tokens").asLong();
      }
    }

    @Override
    public ChatResponse finish() {
      if (!sawEvents) {
        String body = plainBody.toString().strip();
        if (body.isEmpty()) {
          throw new ModelException("malformed", id() + " sent an empty answer", true);
        }
        message(parse(body));
      }
      List<ToolCall> calls = new ArrayList<>();
      int n = 0;
      for (String[] t : tools.values()) {
        n++;
        if (!t[1].isEmpty()) {
          calls.add(new ToolCall(t[0].isEmpty() ? "toolu_" + n : t[0], t[1], t[2].isEmpty() ? "{}" : t[2]));
        }
      }
      boolean estimated = inputTokens < 0 || outputTokens < 0;
      Usage u = new Usage(inputTokens >= 0 ? inputTokens : request.estimatedInputTokens(),
          outputTokens >= 0 ? outputTokens : Usage.estimate(text.toString()) + Usage.estimate(calls.toString()), estimated);
      String reason = stop.equals("tool_use") ? "tool_calls" : stop.equals("end_turn") ? "stop" : stop.equals("max_tokens") ? "length" : stop;
      return new ChatResponse(text.toString(), calls, reason, u, settings.id(), model);
    }
  }
}
