package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.guard.safety.Provenance;
import dev.ironclaw4j.guard.safety.SafetyLayer;
import dev.ironclaw4j.guard.safety.SafetyResult;
import dev.ironclaw4j.guard.safety.Source;
import dev.ironclaw4j.guard.safety.Wrapper;
import java.util.Objects;
import java.util.function.Function;

/**
 * How untrusted memory is shown to the model when recalled: inspected by the safety layer as
 * {@link Source#MEMORY} (a poisoned note is sanitized or withheld like any other untrusted content) and
 * fenced with the session's unforgeable marker, its path and provenance in the header.
 */
public final class RecallFence {
  private final SafetyLayer safety;
  private final Function<String, Wrapper> wrapperOfSession;

  /**
   * @param wrapperOfSession the session's wrapper (one per session, as the pipeline keeps them)
   */
  public RecallFence(SafetyLayer safety, Function<String, Wrapper> wrapperOfSession) {
    this.safety = Objects.requireNonNull(safety, "safety");
    this.wrapperOfSession = Objects.requireNonNull(wrapperOfSession, "wrapperOfSession");
  }

  /** The text as the model may see it: trusted text unchanged, untrusted text inspected and fenced. */
  public String show(String text, String path, String provenance, Trust trust, String sessionId) {
    if (trust == Trust.TRUSTED) {
      return text;
    }
    Provenance p = new Provenance(Source.MEMORY, null, "memory", "memory:" + path + " written by " + provenance);
    SafetyResult r = safety.inspect(text, p);
    return wrapperOfSession.apply(sessionId).wrap(r.content(), p);
  }
}
