package dev.ironclaw4j.server.llm;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.Header;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What both provider APIs share: one POST through egress (the key attached by its binding, never read
 * here), the answer read line by line as it streams, HTTP errors turned into {@link ModelException}s that
 * say what to do, and retries.
 */
abstract class HttpChatModel implements ChatModel {
  static final JsonMapper JSON = JsonMapper.shared();
  /** Longest error body kept for the message. */
  private static final int MAX_ERROR_CHARS = 8192;

  final ModelSettings settings;
  private final Egress egress;
  private final RetryPolicy retry;

  HttpChatModel(ModelSettings settings, Egress egress, RetryPolicy retry) {
    this.settings = Objects.requireNonNull(settings);
    this.egress = Objects.requireNonNull(egress);
    this.retry = Objects.requireNonNull(retry);
  }

  @Override
  public String id() {
    return settings.id();
  }

  /** Reads one answer, line by line. */
  interface Parser {
    /** A line of a successful (200) response; {@code eventStream} says whether it is server-sent events. */
    void line(String line, boolean eventStream);

    /** The complete answer, after the last line. */
    ChatResponse finish();

    /** Whether text already reached the sink. */
    boolean streamed();
  }

  /** The request body for this provider. */
  abstract String body(ChatRequest request);

  /** Provider-specific headers besides Content-Type. */
  List<Header> headers() {
    return List.of();
  }

  abstract Parser parser(ChatRequest request, ChatSink sink);

  @Override
  public ChatResponse chat(ChatRequest request, ChatSink sink) {
    String body = escapePlaceholders(body(request));
    return retry.run(() -> attempt(body, request, sink), sink::cancelled);
  }

  private ChatResponse attempt(String body, ChatRequest request, ChatSink sink) {
    EgressRequest.Builder b = EgressRequest.builder("model:" + settings.provider().id(), "POST", settings.chatUrl())
        .header("Content-Type", "application/json")
        .header("Accept", settings.stream() ? "text/event-stream" : "application/json")
        .body(body);
    headers().forEach(h -> b.header(h.name(), h.value()));
    settings.keySecret().ifPresent(b::attachSecret);
    Parser parser = parser(request, sink);
    Exchange ex = new Exchange(parser, sink);
    try {
      egress.stream(b.build(), ex);
    } catch (EgressDeniedException e) {
      throw egressFailure(e, parser.streamed());
    } catch (ModelException e) {
      throw parser.streamed() ? e.withStreamed() : e;
    }
    if (Thread.currentThread().isInterrupted() || sink.cancelled()) {
      throw new ModelException("cancelled", "the model call was cancelled", false, parser.streamed(), -1, null);
    }
    if (ex.status != 200) {
      throw httpFailure(ex.status, ex.errorBody.toString(), ex.retryAfter);
    }
    return parser.finish();
  }

  /** Collects the head, then hands lines to the parser (200) or keeps them as the error body. */
  private static final class Exchange implements Egress.StreamListener {
    private final Parser parser;
    private final ChatSink sink;
    int status;
    long retryAfter = -1;
    boolean eventStream;
    final StringBuilder errorBody = new StringBuilder();

    Exchange(Parser parser, ChatSink sink) {
      this.parser = parser;
      this.sink = sink;
    }

    @Override
    public boolean cancelled() {
      return sink.cancelled();
    }

    @Override
    public void head(int s, List<Header> headers) {
      status = s;
      for (Header h : headers) {
        String n = h.name().toLowerCase(Locale.ROOT);
        if (n.equals("content-type")) {
          eventStream = h.value().toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        } else if (n.equals("retry-after")) {
          try {
            retryAfter = Math.max(0, Long.parseLong(h.value().strip()));
          } catch (NumberFormatException e) {
            retryAfter = -1; // an HTTP date: use our own backoff
          }
        }
      }
    }

    @Override
    public void line(String line) {
      if (status == 200) {
        parser.line(line, eventStream);
      } else if (errorBody.length() < MAX_ERROR_CHARS) {
        errorBody.append(line, 0, Math.min(line.length(), MAX_ERROR_CHARS - errorBody.length())).append('\n');
      }
    }
  }

  private ModelException egressFailure(EgressDeniedException e, boolean streamed) {
    String r = e.reason();
    return switch (r) {
      case "interrupted", "cancelled" -> new ModelException("cancelled", "the model call was cancelled", false, streamed, -1, e);
      case "timeout", "exchange-failed" -> new ModelException("unavailable",
          id() + " at " + settings.baseUrl() + " did not answer (" + e.getMessage() + ")", true, streamed, -1, e);
      case "secret-not-bound", "unknown-secret", "secret-location-not-allowed" -> new ModelException("egress-denied",
          e.getMessage() + ". The key secret must be bound to the provider: ironclaw4j secret bind "
              + settings.keySecret().orElse("NAME") + " --bind '" + settings.baseUrl() + "/* POST' --inject "
              + settings.provider().usualInjection(), false, streamed, -1, e);
      default -> new ModelException("egress-denied", "egress refused the model call (" + r + "): " + e.getMessage(), false, streamed, -1, e);
    };
  }

  private ModelException httpFailure(int status, String body, long retryAfter) {
    String detail = errorDetail(body);
    String where = id() + " at " + settings.baseUrl() + " answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
    if (status == 429) {
      return new ModelException("rate-limited", where, true, false, retryAfter, null);
    }
    if (status == 408 || status == 409 || status == 425 || status >= 500) {
      return new ModelException("unavailable", where, true, false, retryAfter, null);
    }
    if (status == 401 || status == 403) {
      return new ModelException("auth", where + " (check the key in secret "
          + settings.keySecret().orElse("(none configured: model set --key-secret NAME)") + ")", false);
    }
    if (status == 404) {
      return new ModelException("bad-request", where + " (check the base URL and the model name)", false);
    }
    return new ModelException("bad-request", where, false);
  }

  /** The provider's own error message, one line, capped. */
  static String errorDetail(String body) {
    String t = body.strip();
    if (t.isEmpty()) {
      return "";
    }
    try {
      JsonNode n = JSON.readTree(t);
      JsonNode err = n.get("error");
      if (err != null) {
        t = err.isObject() ? err.path("message").asString(err.toString()) : err.asString(err.toString());
      } else if (n.has("message")) {
        t = n.get("message").asString();
      }
    } catch (JacksonException e) {
      // not JSON: keep the text
    }
    t = t.replaceAll("\\s+", " ").strip();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }

  /**
   * The conversation legitimately quotes {@code {{secret:NAME}}} placeholders (the system prompt explains
   * them; the model writes them into http_request calls). Egress refuses any request body that mentions
   * one, because a body placeholder is never filled in; here none must be: the model is to read the
   * placeholder, not the value. So the braces are written as JSON unicode escapes, which the provider
   * decodes back to the same text and egress does not take for a placeholder. "{{" occurs in serialized
   * JSON only inside strings, so the replacement changes no structure.
   */
  static String escapePlaceholders(String json) {
    return json.replace("{{secret:", "\\u007b\\u007bsecret:");
  }

  /** A JSON value, or a {@code malformed} failure naming the provider. */
  JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JacksonException e) {
      throw new ModelException("malformed", id() + " sent malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""), true);
    }
  }

  /** The arguments of a tool call as a JSON object, or an empty one when the model wrote none or junk. */
  static JsonNode argumentsObject(String arguments) {
    try {
      JsonNode n = JSON.readTree(arguments);
      return n != null && n.isObject() ? n : JSON.createObjectNode();
    } catch (JacksonException e) {
      return JSON.createObjectNode();
    }
  }
}
