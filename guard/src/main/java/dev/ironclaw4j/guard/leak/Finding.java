package dev.ironclaw4j.guard.leak;

import java.util.Objects;

/**
 * One credential found in text: its type (e.g. {@code github_pat}, {@code aws_access_key_id},
 * {@code known_secret}), its span as character offsets {@code [start, end)} into the scanned text, a
 * confidence between 0 and 1, and what must happen to it. For a known vault value, {@code secretName}
 * names the secret (never the value); otherwise it is null.
 */
public record Finding(String type, int start, int end, double confidence, Action action, String secretName) {
  /** What the caller must do with the text. */
  public enum Action {
    /** Refuse to send or show it at all. */
    BLOCK,
    /** Replace the span before it goes anywhere. */
    REDACT,
    /** Let it pass, but tell the user. */
    WARN
  }

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(action, "action");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
    if (confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence must be in [0, 1]");
    }
  }
}
