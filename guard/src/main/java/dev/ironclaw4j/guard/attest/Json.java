package dev.ironclaw4j.guard.attest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict JSON for evidence: bounded nesting and string length, and duplicate keys refused (a second
 * {@code signing_address} must not silently win over the first).
 */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(Limits.MAX_JSON_DEPTH)
              .maxStringLength(Limits.MAX_REPORT_BYTES)
              .maxNumberLength(64)
              .build())
          .build())
      .build();

  private Json() {}

  /** Parses text already checked against its size cap. */
  static JsonNode parse(String text) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw new IllegalArgumentException("empty document");
      }
      return n;
    } catch (JacksonException e) {
      String m = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("malformed");
      throw new IllegalArgumentException(m, e);
    }
  }

  /**
   * The exact text of the object value of a top-level field, as it appears in {@code text}: what a
   * signature over that object covers (re-serializing could change the bytes).
   */
  static String rawObjectField(String text, String field) {
    try (JsonParser p = MAPPER.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals(field) && v == JsonToken.START_OBJECT) {
          long start = p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          long end = p.currentLocation().getCharOffset();
          return text.substring((int) start, (int) end);
        }
        p.skipChildren();
      }
      throw new IllegalArgumentException("no object field '" + field + "'");
    } catch (JacksonException e) {
      throw new IllegalArgumentException("malformed JSON", e);
    }
  }

  /** A text field, or null when absent or JSON null; anything else is malformed. */
  static String text(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      throw new IllegalArgumentException("'" + field + "' is not a string");
    }
    return n.asString();
  }

  static String requireText(JsonNode obj, String field) {
    String s = text(obj, field);
    if (s == null) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return s;
  }

  static long requireLong(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException("'" + field + "' is not an integer");
    }
    return n.asLong();
  }
}
