package dev.ironclaw4j.server.config;

import dev.ironclaw4j.server.ServerException;

/** A configuration file or variable that is unreadable, unknown or invalid. Names the key and where. */
public final class ConfigException extends ServerException {
  public ConfigException(String message) {
    super(USAGE, message, null);
  }

  public ConfigException(String message, Throwable cause) {
    super(USAGE, message, cause);
  }
}
