package dev.ironclaw4j.server.tools;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import dev.ironclaw4j.guard.tool.Effect;
import dev.ironclaw4j.guard.tool.Tool;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolException;
import dev.ironclaw4j.guard.tool.ToolSpec;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in tools: {@code echo} and {@code time} for diagnostics, {@code secret_list} (names and
 * bindings, never values) and {@code http_request} (through egress, with {@code {{secret:NAME}}}
 * placeholders resolved only there). Each does its job only; the pipeline does every check.
 */
public final class BuiltinTools {
  static final JsonMapper JSON = JsonMapper.shared();

  private BuiltinTools() {}

  /** All built-in tools. {@code secrets} lists the vault's secrets (empty when it is locked). */
  public static List<Tool> all(Egress egress, Supplier<List<SecretInfo>> secrets, Clock clock) {
    return List.of(echo(), time(clock), secretList(secrets), httpRequest(egress));
  }

  static Tool echo() {
    return tool(spec("echo", "Returns its input text unchanged (diagnostics).",
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":10000}},"
            + "\"required\":[\"text\"],\"additionalProperties\":false}", Set.of(), false),
        (in, ctx) -> in.get("text").asString());
  }

  static Tool time(Clock clock) {
    return tool(spec("time", "Returns the current time (UTC, ISO-8601) and the server's time zone.",
        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}", Set.of(), false),
        (in, ctx) -> JSON.writeValueAsString(Map.of("utc", clock.instant().toString(), "zone", clock.getZone().getId())));
  }

  static Tool secretList(Supplier<List<SecretInfo>> secrets) {
    return tool(spec("secret_list", "Lists the vault's secret names and where each may be sent. Never values: "
            + "use a secret by writing {{secret:NAME}} in an http_request header or query parameter its binding allows.",
        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}", Set.of(Effect.READ_PRIVATE), false),
        (in, ctx) -> {
          ArrayNode out = JSON.createArrayNode();
          for (SecretInfo s : secrets.get()) {
            ObjectNode o = out.addObject();
            o.put("name", s.name());
            o.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode b = o.putArray("bindings");
            for (SecretBinding binding : s.bindings()) {
              b.addObject().put("url", binding.ruleText()).put("inject", binding.injection().format());
            }
          }
          return JSON.writeValueAsString(out);
        });
  }

  static Tool httpRequest(Egress egress) {
    String schema = "{\"type\":\"object\",\"properties\":{"
        + "\"url\":{\"type\":\"string\",\"minLength\":8,\"maxLength\":8192},"
        + "\"method\":{\"enum\":[\"GET\",\"HEAD\",\"POST\",\"PUT\",\"PATCH\",\"DELETE\"]},"
        + "\"headers\":{\"type\":\"object\"},"
        + "\"body\":{\"type\":\"string\",\"maxLength\":200000}},"
        + "\"required\":[\"url\",\"method\"],\"additionalProperties\":false}";
    return tool(spec("http_request", "Sends an HTTP request through ironclaw4j's egress policy. Only allowed hosts are "
            + "reachable; write {{secret:NAME}} where a credential goes (it is filled in only for hosts the secret is bound to).",
        schema, Set.of(Effect.NETWORK, Effect.USE_SECRET), true),
        (in, ctx) -> {
          EgressRequest.Builder b = EgressRequest.builder("tool:http_request/" + ctx.sessionId(),
              in.get("method").asString(), in.get("url").asString());
          JsonNode headers = in.get("headers");
          if (headers != null) {
            for (Map.Entry<String, JsonNode> h : headers.properties()) {
              if (!h.getValue().isString()) {
                throw new ToolException("invalid-input", "header " + h.getKey() + " must be a string");
              }
              b.header(h.getKey(), h.getValue().asString());
            }
          }
          if (in.has("body")) {
            b.body(in.get("body").asString());
          }
          EgressResponse r;
          try {
            r = egress.send(b.build());
          } catch (EgressDeniedException e) {
            throw new ToolException("egress-denied", "egress refused the request: " + e.getMessage(), e);
          }
          ObjectNode out = JSON.createObjectNode();
          out.put("status", r.status());
          r.header("content-type").ifPresent(ct -> out.put("content_type", ct));
          out.put("body", r.bodyText());
          return JSON.writeValueAsString(out);
        });
  }

  /** The behaviour of a built-in tool. */
  @FunctionalInterface
  interface Body {
    String run(JsonNode input, ToolContext ctx) throws Exception;
  }

  static ToolSpec spec(String name, String description, String schema, Set<Effect> effects, boolean untrusted) {
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
          (name + "\n" + description + "\n" + schema + "\n" + effects + "\n" + untrusted).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new ToolSpec(name, description, JSON.readTree(schema), effects, "builtin", untrusted, digest);
  }

  static Tool tool(ToolSpec spec, Body body) {
    return new Tool() {
      @Override
      public ToolSpec spec() {
        return spec;
      }

      @Override
      public String execute(JsonNode input, ToolContext context) throws Exception {
        return body.run(input, context);
      }
    };
  }
}
