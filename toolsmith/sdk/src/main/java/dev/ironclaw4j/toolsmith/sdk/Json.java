package dev.ironclaw4j.toolsmith.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON value that runs under TeaVM (which has no JSON library): parse, read, build, write.
 * Objects keep their key order. Reading never returns Java {@code null}: a missing key or index
 * gives {@link #NULL}, so {@code input.get("a").get("b").asString("default")} is safe.
 */
public final class Json {
  /** The kind of a value. */
  public enum Kind { NULL, BOOLEAN, NUMBER, STRING, ARRAY, OBJECT }

  /** JSON {@code null}. */
  public static final Json NULL = new Json(Kind.NULL, null);
  /** Deepest nesting {@link #parse} accepts. */
  public static final int MAX_DEPTH = 64;

  private final Kind kind;
  private final Object value;

  private Json(Kind kind, Object value) {
    this.kind = kind;
    this.value = value;
  }

  public static Json object() {
    return new Json(Kind.OBJECT, new LinkedHashMap<String, Json>());
  }

  public static Json array() {
    return new Json(Kind.ARRAY, new ArrayList<Json>());
  }

  public static Json of(String s) {
    return s == null ? NULL : new Json(Kind.STRING, s);
  }

  public static Json of(long n) {
    return new Json(Kind.NUMBER, Long.toString(n));
  }

  /** A number; NaN and infinities become {@code null}. */
  public static Json of(double n) {
    if (Double.isNaN(n) || Double.isInfinite(n)) {
      return NULL;
    }
    if (n == Math.rint(n) && Math.abs(n) < 1e15) {
      return of((long) n);
    }
    return new Json(Kind.NUMBER, Double.toString(n));
  }

  public static Json of(boolean b) {
    return new Json(Kind.BOOLEAN, b);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /** Sets {@code key} of an object (replacing an earlier value); returns this object. */
  public Json put(String key, Json v) {
    fields().put(key, v == null ? NULL : v);
    return this;
  }

  public Json put(String key, String v) {
    return put(key, of(v));
  }

  public Json put(String key, long v) {
    return put(key, of(v));
  }

  public Json put(String key, double v) {
    return put(key, of(v));
  }

  public Json put(String key, boolean v) {
    return put(key, of(v));
  }

  /** Appends to an array; returns this array. */
  public Json add(Json v) {
    items().add(v == null ? NULL : v);
    return this;
  }

  public Json add(String v) {
    return add(of(v));
  }

  public Json add(long v) {
    return add(of(v));
  }

  /** The value of {@code key} in an object; {@link #NULL} when absent or when this is not an object. */
  public Json get(String key) {
    if (kind != Kind.OBJECT) {
      return NULL;
    }
    Json v = fields().get(key);
    return v == null ? NULL : v;
  }

  public boolean has(String key) {
    return kind == Kind.OBJECT && fields().containsKey(key);
  }

  /** Element {@code i} of an array; {@link #NULL} when out of range or when this is not an array. */
  public Json at(int i) {
    if (kind != Kind.ARRAY || i < 0 || i >= items().size()) {
      return NULL;
    }
    return items().get(i);
  }

  /** Elements of an array or values of an object; 0 for anything else. */
  public int size() {
    return kind == Kind.ARRAY ? items().size() : kind == Kind.OBJECT ? fields().size() : 0;
  }

  /** The keys of an object, in order (empty for anything else). */
  public List<String> keys() {
    return kind == Kind.OBJECT ? new ArrayList<>(fields().keySet()) : Collections.emptyList();
  }

  /** The elements of an array (empty for anything else). */
  public List<Json> elements() {
    return kind == Kind.ARRAY ? Collections.unmodifiableList(items()) : Collections.emptyList();
  }

  /** The string; a {@link ToolError} when this is not a string. */
  public String asString() {
    if (kind != Kind.STRING) {
      throw new ToolError("expected a string, got " + kindName());
    }
    return (String) value;
  }

  public String asString(String otherwise) {
    return kind == Kind.STRING ? (String) value : otherwise;
  }

  public long asLong() {
    if (kind != Kind.NUMBER) {
      throw new ToolError("expected a number, got " + kindName());
    }
    String t = (String) value;
    if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        // falls through to the double reading
      }
    }
    return (long) Double.parseDouble(t);
  }

  public long asLong(long otherwise) {
    return kind == Kind.NUMBER ? asLong() : otherwise;
  }

  public double asDouble() {
    if (kind != Kind.NUMBER) {
      throw new ToolError("expected a number, got " + kindName());
    }
    return Double.parseDouble((String) value);
  }

  public boolean asBoolean() {
    if (kind != Kind.BOOLEAN) {
      throw new ToolError("expected true or false, got " + kindName());
    }
    return (Boolean) value;
  }

  public boolean asBoolean(boolean otherwise) {
    return kind == Kind.BOOLEAN ? (Boolean) value : otherwise;
  }

  private String kindName() {
    return kind.name().toLowerCase();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Json> fields() {
    if (kind != Kind.OBJECT) {
      throw new ToolError("expected an object, got " + kindName());
    }
    return (Map<String, Json>) value;
  }

  @SuppressWarnings("unchecked")
  private List<Json> items() {
    if (kind != Kind.ARRAY) {
      throw new ToolError("expected an array, got " + kindName());
    }
    return (List<Json>) value;
  }

  /** Compact JSON text. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    write(b);
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Json j && kind == j.kind && (kind == Kind.NUMBER ? asDouble() == j.asDouble()
        : value == null ? j.value == null : value.equals(j.value));
  }

  @Override
  public int hashCode() {
    return kind == Kind.NUMBER ? Double.hashCode(asDouble()) : value == null ? 0 : value.hashCode();
  }

  private void write(StringBuilder b) {
    switch (kind) {
      case NULL -> b.append("null");
      case BOOLEAN, NUMBER -> b.append(value);
      case STRING -> quote(b, (String) value);
      case ARRAY -> {
        b.append('[');
        List<Json> l = items();
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          l.get(i).write(b);
        }
        b.append(']');
      }
      default -> {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Json> e : fields().entrySet()) {
          if (!first) {
            b.append(',');
          }
          first = false;
          quote(b, e.getKey());
          b.append(':');
          e.getValue().write(b);
        }
        b.append('}');
      }
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            String h = Integer.toHexString(c);
            b.append("\\u");
            for (int k = h.length(); k < 4; k++) {
              b.append('0');
            }
            b.append(h);
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** Parses JSON text; a {@link ToolError} saying where when it is not JSON. */
  public static Json parse(String text) {
    Parser p = new Parser(text);
    p.space();
    Json v = p.value(0);
    p.space();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    ToolError error(String what) {
      return new ToolError("not JSON: " + what + " at offset " + pos);
    }

    void space() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\r' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    Json value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH);
      }
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      if (c == '{') {
        pos++;
        Json o = object();
        space();
        if (peek('}')) {
          return o;
        }
        do {
          space();
          if (pos >= s.length() || s.charAt(pos) != '"') {
            throw error("expected a key");
          }
          String k = string();
          space();
          expect(':');
          space();
          o.put(k, value(depth + 1));
          space();
        } while (peek(','));
        expect('}');
        return o;
      }
      if (c == '[') {
        pos++;
        Json a = array();
        space();
        if (peek(']')) {
          return a;
        }
        do {
          space();
          a.add(value(depth + 1));
          space();
        } while (peek(','));
        expect(']');
        return a;
      }
      if (c == '"') {
        return of(string());
      }
      if (s.startsWith("true", pos)) {
        pos += 4;
        return of(true);
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return of(false);
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return NULL;
      }
      return number();
    }

    boolean peek(char c) {
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
    }

    Json number() {
      int start = pos;
      peek('-');
      int digits = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == digits) {
        throw error("unexpected character");
      }
      if (peek('.')) {
        int frac = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (pos == frac) {
          throw error("digits expected after '.'");
        }
      }
      if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        pos++;
        if (!peek('+')) {
          peek('-');
        }
        int exp = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (pos == exp) {
          throw error("digits expected in the exponent");
        }
      }
      return new Json(Kind.NUMBER, s.substring(start, pos));
    }

    String string() {
      pos++; // opening quote
      StringBuilder b = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return b.toString();
        }
        if (c < 0x20) {
          throw error("control character in a string");
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (pos >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("short \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(s.charAt(pos++), 16);
              if (d < 0) {
                throw error("bad \\u escape");
              }
              v = v * 16 + d;
            }
            b.append((char) v);
          }
          default -> throw error("bad escape");
        }
      }
    }
  }
}
