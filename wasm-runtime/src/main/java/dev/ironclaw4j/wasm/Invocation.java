package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressDeniedException;
import dev.ironclaw4j.guard.egress.EgressRequest;
import dev.ironclaw4j.guard.egress.EgressResponse;
import dev.ironclaw4j.guard.egress.Header;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of one call of a tool: what its host functions may still do (HTTP calls left, log lines
 * left). Host functions never see a secret value: placeholders pass through as text and only egress
 * resolves them.
 */
final class Invocation implements HostCalls {
  static final int MAX_LOG_LINE = 2048;
  static final int MAX_LOG_LINES = 64;
  static final int MAX_HTTP_REQUEST = 256 * 1024;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*secret\\s*:\\s*([^}]*)}}");
  static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(16).maxStringLength(MAX_HTTP_REQUEST).maxNumberLength(20).build())
          .build())
      .build();

  private final ToolManifest manifest;
  private final HostServices services;
  static final int MAX_READS = 64;
  static final int MAX_TOOL_CALLS = 16;
  private int toolCalls;
  private int httpCalls;
  private int reads;
  private int logLines;

  Invocation(ToolManifest manifest, HostServices services) {
    this.manifest = manifest;
    this.services = services;
  }

  @Override
  public void log(int level, String text) {
    if (logLines++ >= MAX_LOG_LINES) {
      return;
    }
    String clean = text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    if (clean.length() > MAX_LOG_LINE) {
      clean = clean.substring(0, MAX_LOG_LINE) + "...";
    }
    String lvl = switch (level) {
      case 0 -> "debug";
      case 1 -> "info";
      case 2 -> "warn";
      default -> "error";
    };
    services.log().accept(manifest.name() + " [" + lvl + "] " + clean);
  }

  @Override
  public long clockMillis() {
    return services.clock().millis();
  }

  /** True only for a secret the manifest declares and the vault holds; never reveals anything else. */
  @Override
  public boolean secretExists(String name) {
    return manifest.secrets().contains(name) && services.secrets().names().contains(name);
  }

  @Override
  public String workspaceRead(String path) {
    if (reads++ >= MAX_READS) {
      return error("read-limit", manifest.name() + " may read " + MAX_READS + " files per call");
    }
    try {
      if (manifest.workspaceRead().isEmpty() || services.workspace().isEmpty()) {
        throw new SandboxException("path-not-allowed", manifest.name() + " has no workspace_read grant here");
      }
      ObjectNode o = JSON.createObjectNode();
      o.put("content", WorkspaceReader.read(services.workspace().get(), manifest.workspaceRead(), path));
      return JSON.writeValueAsString(o);
    } catch (SandboxException e) {
      return error(e.reason(), e.getMessage());
    }
  }

  @Override
  public String kv(String requestJson) {
    try {
      JsonNode req;
      try {
        req = JSON.readTree(requestJson);
      } catch (JacksonException e) {
        throw new SandboxException("bad-request", "kv request is not JSON");
      }
      if (req == null || !req.path("key").isString()) {
        throw new SandboxException("bad-request", "kv request must be an object with a string 'key'");
      }
      String key = req.path("key").asString();
      ObjectNode out = JSON.createObjectNode();
      switch (req.path("op").asString()) {
        case "get" -> services.kv().get(key).ifPresentOrElse(v -> out.put("value", v), () -> out.putNull("value"));
        case "set" -> {
          if (!req.path("value").isString()) {
            throw new SandboxException("bad-request", "kv set needs a string 'value'");
          }
          services.kv().put(key, req.path("value").asString());
          out.put("ok", true);
        }
        case "delete" -> out.put("deleted", services.kv().delete(key));
        default -> throw new SandboxException("bad-request", "kv op must be get, set or delete");
      }
      return JSON.writeValueAsString(out);
    } catch (SandboxException e) {
      return error(e.reason(), e.getMessage());
    }
  }

  @Override
  public String invokeTool(String requestJson) {
    try {
      JsonNode req;
      try {
        req = JSON.readTree(requestJson);
      } catch (JacksonException e) {
        throw new SandboxException("bad-request", "invoke_tool request is not JSON");
      }
      if (req == null || !req.path("alias").isString() || !req.path("input").isObject()) {
        throw new SandboxException("bad-request", "invoke_tool needs a string 'alias' and an object 'input'");
      }
      String alias = req.path("alias").asString();
      String tool = manifest.invoke().get(alias);
      if (tool == null) {
        throw new SandboxException("alias-not-declared", manifest.name() + " declares no alias '" + alias + "' in its manifest");
      }
      if (toolCalls++ >= MAX_TOOL_CALLS) {
        throw new SandboxException("invoke-limit", manifest.name() + " may invoke " + MAX_TOOL_CALLS + " tools per call");
      }
      var call = services.tools().orElseThrow(() ->
          new SandboxException("invoke-not-available", "no tool can be invoked from here"));
      ObjectNode out = JSON.createObjectNode();
      out.put("content", call.apply(tool, req.path("input").toString()));
      return JSON.writeValueAsString(out);
    } catch (dev.ironclaw4j.guard.GuardException e) {
      return error(e.reason(), e.getMessage());
    }
  }

  /** One {@code http} host call: request JSON in, response (or error) JSON out. */
  @Override
  public String http(String requestJson) {
    try {
      return JSON.writeValueAsString(send(requestJson));
    } catch (EgressDeniedException e) {
      return error(e.reason(), e.getMessage());
    } catch (SandboxException e) {
      return error(e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      // Anything else egress or the JSON layer throws fails this request only, never the host.
      return error("http-failed", "the request failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private ObjectNode send(String requestJson) {
    if (httpCalls >= manifest.limits().httpCalls()) {
      throw new SandboxException("http-limit", manifest.name() + " may make " + manifest.limits().httpCalls() + " HTTP calls per call");
    }
    httpCalls++;
    JsonNode req;
    try {
      req = JSON.readTree(requestJson);
    } catch (JacksonException e) {
      throw new SandboxException("bad-request", "http request is not JSON");
    }
    if (req == null || !req.isObject() || !req.path("url").isString()) {
      throw new SandboxException("bad-request", "http request must be an object with a string 'url'");
    }
    String method = req.path("method").isString() ? req.path("method").asString() : "GET";
    String url = req.path("url").asString();
    checkPlaceholders(url);
    Egress egress = services.egress().orElseThrow(() ->
        new EgressDeniedException("host-not-allowed", manifest.name() + " has no http rule in its manifest"));
    EgressRequest.Builder b = EgressRequest.builder("wasm:" + manifest.name(), method, url);
    JsonNode headers = req.path("headers");
    if (headers.isObject()) {
      for (Map.Entry<String, JsonNode> h : headers.properties()) {
        String v = h.getValue().isString() ? h.getValue().asString() : h.getValue().toString();
        checkPlaceholders(h.getKey() + v);
        b.header(h.getKey(), v);
      }
    }
    if (req.path("body").isString()) {
      checkPlaceholders(req.path("body").asString());
      b.body(req.path("body").asString());
    }
    EgressResponse r = egress.send(b.build());
    ObjectNode out = JSON.createObjectNode();
    out.put("status", r.status());
    ObjectNode hs = out.putObject("headers");
    for (Header h : r.headers()) {
      hs.put(h.name().toLowerCase(java.util.Locale.ROOT), h.value());
    }
    out.put("body", r.bodyText());
    return out;
  }

  /** A tool may mention only the secrets its manifest declares; egress decides where they may go. */
  private void checkPlaceholders(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!manifest.secrets().contains(m.group(1))) {
        throw new SandboxException("secret-not-declared",
            manifest.name() + " mentions secret '" + m.group(1) + "', which its manifest does not declare");
      }
    }
  }

  private static String error(String reason, String message) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode e = o.putObject("error");
    e.put("reason", reason);
    e.put("message", message == null ? "" : message);
    return JSON.writeValueAsString(o);
  }
}
