package dev.ironclaw4j.server.config;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/** Writing TOML basic strings; reading a TOML array of strings given as text. */
final class TomlText {
  private static final TomlMapper TOML = new TomlMapper();

  private TomlText() {}

  /**
   * Parses a TOML array literal of strings, e.g. {@code ["https://api.github.com/ GET", "https://x.example/"]}.
   *
   * @throws ConfigException naming {@code what} when the text is not such an array
   */
  static List<String> parseStringArray(String text, String what) {
    JsonNode array;
    try {
      array = TOML.readTree("v = " + text.strip()).get("v");
    } catch (JacksonException e) {
      array = null;
    }
    if (array == null || !array.isArray()) {
      throw new ConfigException(what + " must be a TOML array of strings such as [\"a\", \"b\"], not '" + text + "'");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (!n.isString()) {
        throw new ConfigException(what + " must contain only strings");
      }
      out.add(n.asString());
    }
    return List.copyOf(out);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
