package dev.ironclaw4j.guard.redact;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one redaction hook every log line passes through. The logging setup owns one instance and
 * applies it to each formatted record; the vault (and later the leak detector) register their
 * redactors here, so a secret value is removed from a log line no matter which code logged it.
 *
 * <p>Not a global: whoever needs it is handed the instance. A redactor that throws is treated as a
 * failure to redact, and the line is replaced entirely rather than written unredacted.
 */
public final class RedactionHook implements Redactor {
  /** What a line becomes when a registered redactor fails: fail closed, never leak. */
  public static final String UNREDACTABLE = "[line withheld: redaction failed]";

  private final List<Redactor> redactors = new CopyOnWriteArrayList<>();

  /** Adds a redactor; it applies to every line formatted from now on. */
  public void register(Redactor redactor) {
    redactors.add(Objects.requireNonNull(redactor, "redactor"));
  }

  /** Removes a redactor added earlier (e.g. when the vault is locked again). */
  public void unregister(Redactor redactor) {
    redactors.remove(redactor);
  }

  @Override
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Redactor r : redactors) {
      try {
        out = r.redact(out);
      } catch (RuntimeException e) {
        return UNREDACTABLE;
      }
      if (out == null) {
        return UNREDACTABLE;
      }
    }
    return out;
  }
}
