package dev.ironclaw4j.server.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One documented configuration key, such as {@code server.port}: its type, default, description and
 * validation. The set of keys is closed: anything not declared in {@link ConfigKeys} is an error.
 *
 * @param name dotted key; the first segment is the TOML table ({@code [server]} / {@code port})
 * @param type how the value is parsed
 * @param defaultValue the value when neither the file nor the environment sets it
 * @param description one sentence for {@code config list} and docs/configuration.md
 * @param choices allowed values for {@link Type#ENUM}, empty otherwise
 * @param check returns an error message for a parsed value that is out of range, or null if valid
 * @param sensitive shown as {@code ********} by {@code config get/list}
 */
public record ConfigKey(
    String name,
    Type type,
    Object defaultValue,
    String description,
    List<String> choices,
    Function<Object, String> check,
    boolean sensitive) {

  /** Value types a key may have; each maps to one TOML type. */
  public enum Type {
    STRING,
    INT,
    BOOL,
    ENUM,
    /** A TOML array of strings; as text (environment, {@code config set}) a TOML array literal. */
    STRING_LIST
  }

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z]+(_[a-z]+)*\\.[a-z]+(_[a-z]+)*")) {
      throw new IllegalArgumentException("config key must be table.key in lower_snake_case: " + name);
    }
    choices = List.copyOf(choices);
    Objects.requireNonNull(check, "check");
  }

  public String table() {
    return name.substring(0, name.indexOf('.'));
  }

  public String leaf() {
    return name.substring(name.indexOf('.') + 1);
  }

  /** The environment variable that overrides this key, e.g. {@code IRONCLAW4J_SERVER_PORT}. */
  public String envVar() {
    return "IRONCLAW4J_" + name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * Parses a value given as text (command line or environment variable) and validates it.
   *
   * @throws ConfigException naming the key and what would be accepted
   */
  public Object parse(String text, String where) {
    Object value =
        switch (type) {
          case STRING -> text;
          case INT -> {
            try {
              yield Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
              throw new ConfigException(where + ": " + name + " must be a whole number, not '" + text + "'");
            }
          }
          case BOOL -> {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            if (!t.equals("true") && !t.equals("false")) {
              throw new ConfigException(where + ": " + name + " must be true or false, not '" + text + "'");
            }
            yield Boolean.parseBoolean(t);
          }
          case ENUM -> text.trim().toLowerCase(java.util.Locale.ROOT);
          case STRING_LIST -> TomlText.parseStringArray(text, where + ": " + name);
        };
    return validate(value, where);
  }

  /** Checks a value already typed (from the TOML parser) against type, choices and range. */
  public Object validate(Object value, String where) {
    boolean typeOk =
        switch (type) {
          case STRING, ENUM -> value instanceof String;
          case INT -> value instanceof Integer;
          case BOOL -> value instanceof Boolean;
          case STRING_LIST -> value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
        };
    if (!typeOk) {
      throw new ConfigException(where + ": " + name + " must be " + typeName() + ", not " + describe(value));
    }
    if (type == Type.ENUM && !choices.contains(value)) {
      throw new ConfigException(
          where + ": " + name + " must be one of " + String.join(", ", choices) + ", not '" + value + "'");
    }
    String problem = check.apply(value);
    if (problem != null) {
      throw new ConfigException(where + ": " + name + " " + problem);
    }
    return type == Type.STRING_LIST ? List.copyOf((List<?>) value) : value;
  }

  /** The value as it appears in a TOML file. */
  public String toToml(Object value) {
    return switch (type) {
      case INT, BOOL -> String.valueOf(value);
      case STRING, ENUM -> TomlText.quote((String) value);
      case STRING_LIST -> {
        StringBuilder b = new StringBuilder("[");
        for (Object o : (List<?>) value) {
          b.append(b.length() > 1 ? ", " : "").append(TomlText.quote((String) o));
        }
        yield b.append(']').toString();
      }
    };
  }

  String typeName() {
    return switch (type) {
      case STRING -> "a string";
      case INT -> "a whole number";
      case BOOL -> "true or false";
      case ENUM -> "one of " + String.join(", ", choices);
      case STRING_LIST -> "a list of strings such as [\"a\", \"b\"]";
    };
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "the string \"" + s + "\"";
    }
    return value == null ? "nothing" : value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }
}
