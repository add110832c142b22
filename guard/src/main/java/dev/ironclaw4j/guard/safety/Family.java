package dev.ironclaw4j.guard.safety;

/** The detector family a rule belongs to. Rule ids start with the family's prefix. */
public enum Family {
  /** "ignore previous instructions", "you are now ...", "new instructions:" in many languages. */
  OVERRIDE("override"),
  /** Chat-template tokens, fake SYSTEM lines, fake tool calls, forged wrapper fences. */
  ROLE_SPOOF("role"),
  /** Instructions to send data out; markdown/HTML image and link beacons. */
  EXFILTRATION("exfil"),
  /** Instructions to call shell, http, secret or install tools. */
  TOOL_HIJACK("tool"),
  /** Any of the above hidden in base64, hex or rot13. */
  ENCODED("encoded"),
  /** Unicode tricks: tag-character smuggling, bidi overrides, invisible characters in words. */
  UNICODE("unicode"),
  /** Text a human would not see in rendered HTML (comments, display:none, ...). */
  HIDDEN("html");

  private final String prefix;

  Family(String prefix) {
    this.prefix = prefix;
  }

  /** The rule-id prefix, e.g. {@code override}. */
  public String prefix() {
    return prefix;
  }
}
