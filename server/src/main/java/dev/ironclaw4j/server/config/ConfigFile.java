package dev.ironclaw4j.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The human-edited config file ({@code config.toml} in the home). Reading validates every key;
 * writing ({@code config set}) edits the one line that holds the key and keeps the user's comments,
 * order and formatting, then replaces the file atomically.
 */
public final class ConfigFile {
  /** A config file larger than this is refused rather than parsed. */
  public static final long MAX_BYTES = 1 << 20;

  private static final TomlMapper TOML = new TomlMapper();

  private ConfigFile() {}

  /** The keys set in the file with their validated values; empty if the file does not exist. */
  static Map<ConfigKey, Object> read(Path file) {
    String text = readText(file);
    Map<ConfigKey, Object> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    String where = file.toString();
    JsonNode root;
    try {
      root = TOML.readTree(text);
    } catch (JacksonException e) {
      throw new ConfigException(where + ": not valid TOML: " + firstLine(e.getOriginalMessage()), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> table : root.properties()) {
      if (!table.getValue().isObject()) {
        throw new ConfigException(
            where + ": unknown key '" + table.getKey() + "' (keys live in tables such as [server]; see 'ironclaw4j config list')");
      }
      for (Map.Entry<String, JsonNode> e : table.getValue().properties()) {
        String name = table.getKey() + "." + e.getKey();
        ConfigKey key = ConfigKeys.get(name, where);
        out.put(key, key.validate(scalar(e.getValue()), where));
      }
    }
    return out;
  }

  /**
   * Sets one key in the file, creating the file if needed, and returns the validated value. The result
   * is parsed and validated before it replaces the old file, so a failed set changes nothing.
   */
  public static Object set(Path file, String name, String text) {
    ConfigKey key = ConfigKeys.get(name, "config set");
    Object value = key.parse(text, "config set");
    String old = readText(file);
    List<String> lines = old == null ? new ArrayList<>() : new ArrayList<>(old.lines().toList());
    String assignment = key.leaf() + " = " + key.toToml(value);
    int tableStart = -1;
    int tableEnd = lines.size();
    String current = "";
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (t.startsWith("[")) {
        if (current.equals(key.table())) {
          tableEnd = i;
          break;
        }
        current = t.replaceAll("^\\[\\s*|\\s*](\\s*#.*)?$", "");
        if (current.equals(key.table())) {
          tableStart = i;
        }
        continue;
      }
      if (current.equals(key.table()) && t.matches("\"?" + java.util.regex.Pattern.quote(key.leaf()) + "\"?\\s*=.*")) {
        lines.set(i, assignment);
        tableStart = -2;
        break;
      }
    }
    if (tableStart == -1) {
      if (!lines.isEmpty() && !lines.getLast().isBlank()) {
        lines.add("");
      }
      lines.add("[" + key.table() + "]");
      lines.add(assignment);
    } else if (tableStart >= 0) {
      int at = tableEnd;
      while (at > tableStart + 1 && lines.get(at - 1).isBlank()) {
        at--;
      }
      lines.add(at, assignment);
    }
    String updated = String.join("\n", lines) + "\n";
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(tmp, updated, StandardCharsets.UTF_8);
      read(tmp);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the temporary file holds nothing that is not also in the real one
      }
    }
    return value;
  }

  private static String readText(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException(file + ": larger than " + MAX_BYTES + " bytes; is this really the config file?");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Object scalar(JsonNode n) {
    if (n.isArray()) {
      List<Object> items = new ArrayList<>();
      n.forEach(e -> items.add(scalar(e)));
      return items;
    }
    if (n.isString()) {
      return n.asString();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n.isNumber()) {
      return n.numberValue();
    }
    return n.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
