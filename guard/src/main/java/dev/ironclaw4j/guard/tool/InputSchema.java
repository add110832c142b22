package dev.ironclaw4j.guard.tool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses tool input under hard limits and validates it against the tool's JSON Schema. Supported
 * keywords (the subset tool schemas use): {@code type} (one or a list), {@code properties},
 * {@code required}, {@code additionalProperties: false}, {@code enum}, {@code const},
 * {@code minLength}/{@code maxLength}, {@code minimum}/{@code maximum}, {@code items},
 * {@code minItems}/{@code maxItems}. Unknown keywords are ignored, as JSON Schema requires.
 */
public final class InputSchema {
  /** Largest input accepted, in characters. */
  public static final int MAX_INPUT_CHARS = 256 * 1024;
  /** Deepest nesting accepted. */
  public static final int MAX_DEPTH = 32;
  /** Longest single string accepted. */
  public static final int MAX_STRING = 64 * 1024;

  private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_DEPTH)
              .maxStringLength(MAX_STRING)
              .maxNumberLength(100)
              .build())
          .build())
      .build();

  private InputSchema() {}

  /**
   * Parses JSON input text under the limits.
   *
   * @throws ToolException {@code input-too-large} or {@code invalid-input}, naming the problem
   */
  public static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      throw new ToolException("invalid-input", "input is empty; a JSON object is expected");
    }
    if (json.length() > MAX_INPUT_CHARS) {
      throw new ToolException("input-too-large", "input is " + json.length() + " characters; the limit is " + MAX_INPUT_CHARS);
    }
    try {
      return STRICT.readTree(json);
    } catch (JacksonException e) {
      String m = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("");
      String reason = m.contains("exceeds the maximum") ? "input-too-large" : "invalid-input";
      throw new ToolException(reason, "input is not acceptable JSON: " + m);
    }
  }

  /** Problems of a value against a schema, each naming the JSON path; empty when valid. */
  public static List<String> validate(JsonNode schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "$", problems);
    return problems;
  }

  private static void check(JsonNode schema, JsonNode v, String path, List<String> out) {
    if (schema == null || !schema.isObject() || out.size() >= 20) {
      return;
    }
    JsonNode type = schema.get("type");
    if (type != null && !typeMatches(type, v)) {
      out.add(path + ": expected " + (type.isArray() ? type.toString() : type.asString()) + ", got " + typeOf(v));
      return;
    }
    JsonNode en = schema.get("enum");
    if (en != null && en.isArray() && !contains(en, v)) {
      out.add(path + ": must be one of " + en);
    }
    JsonNode cn = schema.get("const");
    if (cn != null && !cn.equals(v)) {
      out.add(path + ": must be " + cn);
    }
    if (v.isString()) {
      int len = v.asString().codePointCount(0, v.asString().length());
      bound(schema, "minLength", len, true, path + ": shorter than ", out);
      bound(schema, "maxLength", len, false, path + ": longer than ", out);
    }
    if (v.isNumber()) {
      double d = v.doubleValue();
      if (schema.has("minimum") && d < schema.get("minimum").doubleValue()) {
        out.add(path + ": less than " + schema.get("minimum"));
      }
      if (schema.has("maximum") && d > schema.get("maximum").doubleValue()) {
        out.add(path + ": greater than " + schema.get("maximum"));
      }
    }
    if (v.isArray()) {
      bound(schema, "minItems", v.size(), true, path + ": fewer items than ", out);
      bound(schema, "maxItems", v.size(), false, path + ": more items than ", out);
      JsonNode items = schema.get("items");
      for (int i = 0; i < v.size() && items != null; i++) {
        check(items, v.get(i), path + "[" + i + "]", out);
      }
    }
    if (v.isObject()) {
      JsonNode props = schema.get("properties");
      JsonNode req = schema.get("required");
      if (req != null && req.isArray()) {
        for (JsonNode r : req) {
          if (!v.has(r.asString())) {
            out.add(path + ": missing required property '" + r.asString() + "'");
          }
        }
      }
      boolean closed = schema.has("additionalProperties") && schema.get("additionalProperties").isBoolean()
          && !schema.get("additionalProperties").booleanValue();
      Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode ps = props == null ? null : props.get(e.getKey());
        if (ps != null) {
          check(ps, e.getValue(), path + "." + e.getKey(), out);
        } else if (closed) {
          out.add(path + ": unknown property '" + e.getKey() + "'");
        }
      }
    }
  }

  private static void bound(JsonNode schema, String key, int actual, boolean min, String msg, List<String> out) {
    JsonNode b = schema.get(key);
    if (b != null && b.canConvertToInt() && (min ? actual < b.intValue() : actual > b.intValue())) {
      out.add(msg + b.intValue());
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode v) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, v)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asString()) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isString();
      case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()));
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      default -> true;
    };
  }

  private static boolean contains(JsonNode arr, JsonNode v) {
    for (JsonNode x : arr) {
      if (x.equals(v)) {
        return true;
      }
    }
    return false;
  }

  private static String typeOf(JsonNode v) {
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    if (v.isString()) {
      return "string";
    }
    if (v.isIntegralNumber()) {
      return "integer";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    return "null";
  }
}
