package dev.ironclaw4j.server.channels;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds the {@code id} of a JSON-RPC message from the first bytes of its text, without parsing the rest:
 * so that a message too large to read, or one that is not valid JSON further on, can still be answered
 * with an error its sender can match. Only keys at the top level of the object count; the scan stops at
 * the first thing it does not understand.
 */
public final class JsonRpcPrefix {
  /** How many bytes of a message are looked at. */
  public static final int SCAN_BYTES = 16 * 1024;

  private final byte[] b;
  private final int n;
  private int i;

  private JsonRpcPrefix(byte[] b, int n) {
    this.b = b;
    this.n = n;
  }

  /**
   * The id as it appeared: a JSON number (digits, optional sign) or a JSON string (its raw text between
   * the quotes, escapes kept); empty when there is none before the scan stopped.
   */
  public record Id(String text, boolean isString) {}

  public static Optional<Id> id(byte[] prefix, int length) {
    try {
      return new JsonRpcPrefix(prefix, Math.min(length, prefix.length)).scan();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public static Optional<Id> id(String prefix) {
    byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
    return id(bytes, bytes.length);
  }

  private Optional<Id> scan() {
    ws();
    if (!eat('{')) {
      return Optional.empty();
    }
    while (true) {
      ws();
      if (i >= n || b[i] == '}') {
        return Optional.empty();
      }
      if (b[i] != '"') {
        return Optional.empty();
      }
      String key = string();
      ws();
      if (!eat(':')) {
        return Optional.empty();
      }
      ws();
      if (key == null) {
        return Optional.empty();
      }
      if (key.equals("id")) {
        if (i < n && b[i] == '"') {
          int start = i + 1;
          String s = string();
          return s == null ? Optional.empty() : Optional.of(new Id(new String(b, start, i - 1 - start, StandardCharsets.UTF_8), true));
        }
        int start = i;
        while (i < n && (b[i] == '-' || (b[i] >= '0' && b[i] <= '9'))) {
          i++;
        }
        if (i == start || i >= n) {
          return Optional.empty();
        }
        return Optional.of(new Id(new String(b, start, i - start, StandardCharsets.US_ASCII), false));
      }
      if (!skipValue(0)) {
        return Optional.empty();
      }
      ws();
      if (!eat(',')) {
        return Optional.empty();
      }
    }
  }

  private boolean eat(char c) {
    if (i < n && b[i] == c) {
      i++;
      return true;
    }
    return false;
  }

  private void ws() {
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
  }

  /** Reads a string starting at the quote; returns its raw text (escapes kept), or null if cut off. */
  private String string() {
    int start = ++i;
    while (i < n) {
      byte c = b[i];
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        String s = new String(b, start, i - start, StandardCharsets.UTF_8);
        i++;
        return s;
      } else {
        i++;
      }
    }
    return null;
  }

  private boolean skipValue(int depth) {
    if (depth > 64 || i >= n) {
      return false;
    }
    byte c = b[i];
    if (c == '"') {
      return string() != null;
    }
    if (c == '{' || c == '[') {
      byte close = c == '{' ? (byte) '}' : (byte) ']';
      i++;
      ws();
      if (eat((char) close)) {
        return true;
      }
      while (true) {
        ws();
        if (c == '{') {
          if (i >= n || b[i] != '"' || string() == null) {
            return false;
          }
          ws();
          if (!eat(':')) {
            return false;
          }
          ws();
        }
        if (!skipValue(depth + 1)) {
          return false;
        }
        ws();
        if (eat((char) close)) {
          return true;
        }
        if (!eat(',')) {
          return false;
        }
      }
    }
    int start = i;
    while (i < n && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') {
      i++;
    }
    return i > start && i < n;
  }
}
