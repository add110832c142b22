package dev.ironclaw4j.guard.egress;

/**
 * The policy's answer for one method and URL: allowed by {@code rule}, or denied with a stable
 * {@code reason} code and a message for the user.
 */
public record Decision(boolean allowed, String reason, String message, EgressRule rule) {
  static Decision allow(EgressRule rule) {
    return new Decision(true, null, "allowed by " + rule.text(), rule);
  }

  static Decision deny(String reason, String message) {
    return new Decision(false, reason, message, null);
  }

  /** {@code allow} or {@code deny: REASON}, the line {@code ironclaw4j url-check} prints. */
  public String line() {
    return allowed ? "allow" : "deny: " + reason;
  }

  /** The denial as an exception; only for a denied decision. */
  EgressDeniedException toException() {
    if (allowed) {
      throw new IllegalStateException("decision is an allow");
    }
    return new EgressDeniedException(reason, message);
  }
}
