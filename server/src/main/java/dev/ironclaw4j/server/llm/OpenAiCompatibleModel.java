package dev.ironclaw4j.server.llm;

import dev.ironclaw4j.guard.egress.Egress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI-compatible chat completions ({@code POST {base}/chat/completions}): OpenAI, Ollama, vLLM,
 * OpenRouter, NEAR AI, Tinfoil, LM Studio. Streams with server-sent events (text deltas; tool calls,
 * several in parallel, assembled from their argument fragments by index) and asks for the usage in the
 * last event. A server that answers a streaming request with plain JSON is read as a non-streamed answer.
 */
public final class OpenAiCompatibleModel extends HttpChatModel {
  public OpenAiCompatibleModel(ModelSettings settings, Egress egress, RetryPolicy retry) {
    super(settings, egress, retry);
  }

  @Override
  String body(ChatRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", settings.model());
    ArrayNode messages = body.putArray("messages");
    for (Message m : request.messages()) {
      ObjectNode o = messages.addObject();
      switch (m.role()) {
        case SYSTEM -> o.put("role", "system").put("content", m.text());
        case USER -> o.put("role", "user").put("content", m.text());
        case ASSISTANT -> {
          o.put("role", "assistant");
          if (m.toolCalls().isEmpty() || !m.text().isEmpty()) {
            o.put("content", m.text());
          } else {
            o.putNull("content");
          }
          if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = o.putArray("tool_calls");
            for (ToolCall c : m.toolCalls()) {
              ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
              call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
            }
          }
        }
        case TOOL -> o.put("role", "tool").put("tool_call_id", m.toolCallId()).put("content", m.text());
      }
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDef t : request.tools()) {
        ObjectNode f = tools.addObject().put("type", "function").putObject("function");
        f.put("name", t.name()).put("description", t.description()).set("parameters", t.parameters());
      }
    }
    body.put("max_tokens", request.maxOutputTokens());
    body.put("stream", settings.stream());
    if (settings.stream()) {
      body.putObject("stream_options").put("include_usage", true);
    }
    return JSON.writeValueAsString(body);
  }

  @Override
  Parser parser(ChatRequest request, ChatSink sink) {
    return new StreamParser(request, sink);
  }

  /** Assembles the answer from SSE chunks, or from one JSON body. */
  private final class StreamParser implements Parser {
    private final ChatRequest request;
    private final ChatSink sink;
    private final StringBuilder text = new StringBuilder();
    private final TreeMap<Integer, String[]> calls = new TreeMap<>(); // index -> {id, name, arguments}
    private final StringBuilder plainBody = new StringBuilder();
    private String finish = "";
    private Usage usage;
    private String model = settings.model();
    private boolean streamed;
    private boolean sawEvents;
    private int lastIndex = -1;

    StreamParser(ChatRequest request, ChatSink sink) {
      this.request = request;
      this.sink = sink;
    }

    @Override
    public boolean streamed() {
      return streamed;
    }

    @Override
    public void line(String line, boolean eventStream) {
      if (!eventStream && !sawEvents && !line.startsWith("data:")) {
        plainBody.append(line).append('\n');
        return;
      }
      if (!line.startsWith("data:")) {
        return; // event:, id:, retry:, comments and the blank lines between events
      }
      sawEvents = true;
      String data = line.substring(5).strip();
      if (data.isEmpty() || data.equals("[DONE]")) {
        return;
      }
      chunk(parse(data));
    }

    private void chunk(JsonNode c) {
      JsonNode err = c.get("error");
      if (err != null && !err.isNull()) {
        throw new ModelException("unavailable", id() + " reported an error mid-answer: " + errorDetail(c.toString()), true, streamed, -1, null);
      }
      if (c.hasNonNull("model")) {
        model = c.get("model").asString();
      }
      readUsage(c.get("usage"));
      JsonNode choices = c.get("choices");
      if (choices == null || !choices.isArray() || choices.isEmpty()) {
        return;
      }
      JsonNode choice = choices.get(0);
      if (choice.hasNonNull("finish_reason")) {
        finish = choice.get("finish_reason").asString();
      }
      JsonNode delta = choice.has("delta") ? choice.get("delta") : choice.get("message");
      if (delta == null) {
        return;
      }
      JsonNode content = delta.get("content");
      if (content != null && content.isString() && !content.asString().isEmpty()) {
        text.append(content.asString());
        streamed = true;
        sink.text(content.asString());
      }
      JsonNode tc = delta.get("tool_calls");
      if (tc != null && tc.isArray()) {
        int position = 0;
        for (JsonNode call : tc) {
          int index = call.has("index") ? call.get("index").asInt() : nextIndex(call, position);
          position++;
          lastIndex = index;
          String[] acc = calls.computeIfAbsent(index, k -> new String[] {null, "", ""});
          if (call.hasNonNull("id") && !call.get("id").asString().isEmpty()) {
            acc[0] = call.get("id").asString();
          }
          JsonNode fn = call.get("function");
          if (fn != null) {
            if (fn.hasNonNull("name")) {
              String name = fn.get("name").asString();
              acc[1] = acc[1].equals(name) ? name : acc[1] + name;
            }
            if (fn.hasNonNull("arguments")) {
              JsonNode a = fn.get("arguments");
              acc[2] += a.isString() ? a.asString() : a.toString();
            }
          }
        }
      }
    }

    /** For servers that send tool call fragments without an index: a new id starts a new call. */
    private int nextIndex(JsonNode call, int position) {
      if (call.hasNonNull("id")) {
        String id = call.get("id").asString();
        for (Map.Entry<Integer, String[]> e : calls.entrySet()) {
          if (id.equals(e.getValue()[0])) {
            return e.getKey();
          }
        }
        return calls.isEmpty() ? 0 : calls.lastKey() + 1;
      }
      return lastIndex < 0 ? position : lastIndex;
    }

    private void readUsage(JsonNode u) {
      if (u != null && u.isObject() && (u.has("prompt_tokens") || u.has("completion_tokens"))) {
        usage = new Usage(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0), false);
      }
    }

    @Override
    public ChatResponse finish() {
      if (!sawEvents) {
        String body = plainBody.toString().strip();
        if (body.isEmpty()) {
          throw new ModelException("malformed", id() + " sent an empty answer", true);
        }
        chunk(parse(body));
      }
      List<ToolCall> out = new ArrayList<>();
      int n = 0;
      for (String[] c : calls.values()) {
        n++;
        if (c[1].isEmpty()) {
          continue; // a fragment without a name is no call
        }
        out.add(new ToolCall(c[0] == null ? "call_" + n : c[0], c[1], c[2]));
      }
      Usage u = usage != null ? usage
          : new Usage(request.estimatedInputTokens(), Usage.estimate(text.toString()) + Usage.estimate(out.toString()), true);
      return new ChatResponse(text.toString(), out, finish, u, settings.id(), model);
    }
  }
}
