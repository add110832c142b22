package dev.ironclaw4j.server.config;

import dev.ironclaw4j.server.home.Home;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective configuration: each key's value and where it came from (default, the config file,
 * or an {@code IRONCLAW4J_*} environment variable, which wins). Immutable; validated completely when
 * loaded, so a bad value is reported at start, naming the key, and never discovered later.
 */
public final class Config {
  /** Where a value came from. */
  public enum Source {
    DEFAULT,
    FILE,
    ENV
  }

  private final Map<ConfigKey, Object> values;
  private final Map<ConfigKey, Source> sources;

  private Config(Map<ConfigKey, Object> values, Map<ConfigKey, Source> sources) {
    this.values = Collections.unmodifiableMap(values);
    this.sources = Collections.unmodifiableMap(sources);
  }

  /**
   * Loads the config file of the home (if present) and the environment overrides.
   *
   * @throws ConfigException for an unreadable file, an unknown key or a bad value, naming it
   */
  public static Config load(Home home, Map<String, String> env) {
    return load(home.configFile(), env);
  }

  static Config load(Path file, Map<String, String> env) {
    Map<ConfigKey, Object> values = new LinkedHashMap<>();
    Map<ConfigKey, Source> sources = new LinkedHashMap<>();
    for (ConfigKey k : ConfigKeys.all()) {
      values.put(k, k.defaultValue());
      sources.put(k, Source.DEFAULT);
    }
    ConfigFile.read(file).forEach((k, v) -> {
      values.put(k, v);
      sources.put(k, Source.FILE);
    });
    for (ConfigKey k : ConfigKeys.all()) {
      String fromEnv = env.get(k.envVar());
      if (fromEnv != null) {
        values.put(k, k.parse(fromEnv, "environment variable " + k.envVar()));
        sources.put(k, Source.ENV);
      }
    }
    return new Config(values, sources);
  }

  /** Defaults only: for tests and for commands that run before a home exists. */
  public static Config defaults() {
    return load(Path.of("/nonexistent-ironclaw4j-config.toml"), Map.of());
  }

  public String string(ConfigKey key) {
    return (String) values.get(key);
  }

  public int integer(ConfigKey key) {
    return (Integer) values.get(key);
  }

  public boolean bool(ConfigKey key) {
    return (Boolean) values.get(key);
  }

  /** The value of a {@link ConfigKey.Type#STRING_LIST} key (immutable). */
  @SuppressWarnings("unchecked")
  public java.util.List<String> stringList(ConfigKey key) {
    return (java.util.List<String>) values.get(key);
  }

  public Object value(ConfigKey key) {
    return values.get(key);
  }

  public Source source(ConfigKey key) {
    return sources.get(key);
  }

  /** The value as shown to a user: sensitive non-empty values are masked. */
  public String display(ConfigKey key) {
    Object v = values.get(key);
    if (key.sensitive() && v instanceof String s && !s.isEmpty()) {
      return "********";
    }
    return String.valueOf(v);
  }
}
