package dev.ironclaw4j.server.memory;

import java.util.Locale;

/** Whether a memory document may be shown to the model as-is, or must be fenced as untrusted content. */
public enum Trust {
  /** Written by the user, or by the agent from trusted input. */
  TRUSTED,
  /** From a web page, a tool's output or anything a third party wrote: fenced when recalled. */
  UNTRUSTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Trust parse(String s) {
    for (Trust t : values()) {
      if (t.wireName().equalsIgnoreCase(s)) {
        return t;
      }
    }
    throw new MemoryException("invalid-input", "trust must be 'trusted' or 'untrusted', not '" + s + "'");
  }
}
