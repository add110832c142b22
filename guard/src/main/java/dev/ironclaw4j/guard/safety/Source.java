package dev.ironclaw4j.guard.safety;

import java.util.Locale;

/** Where untrusted content came from. Policy rules can differ per source. */
public enum Source {
  /** A web page or HTTP response. */
  WEB,
  /** A file read from disk (a README, a source file, a downloaded document). */
  FILE,
  /** A result or description from an external MCP server. */
  MCP,
  /** Output of any other tool (builtin or WASM). */
  TOOL,
  /** An email or message from a chat channel, written by someone who is not the user. */
  EMAIL,
  /** A memory entry recalled from storage (may have been poisoned earlier). */
  MEMORY;

  /** The lower-case name used in configuration, the CLI and wrapper headers. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a {@link #wireName()} (case-insensitive). */
  public static Source parse(String name) {
    for (Source s : values()) {
      if (s.wireName().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown source '" + name + "'");
  }
}
