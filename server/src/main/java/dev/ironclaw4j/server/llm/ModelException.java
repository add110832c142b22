package dev.ironclaw4j.server.llm;

import dev.ironclaw4j.server.ServerException;

/**
 * A model call that failed: {@code reason} is {@code rate-limited}, {@code unavailable}, {@code auth},
 * {@code bad-request}, {@code egress-denied}, {@code malformed}, {@code cancelled} or {@code failed}.
 * {@code retryable} says whether trying again (or another provider) may help; {@code streamed} whether
 * part of the answer had already been handed to the sink, after which nothing is retried.
 */
public final class ModelException extends ServerException {
  private static final long serialVersionUID = 1L;
  private final String reason;
  private final boolean retryable;
  private final boolean streamed;
  /** Seconds the provider asked to wait (Retry-After), or -1. */
  private final long retryAfterSeconds;

  public ModelException(String reason, String message, boolean retryable, boolean streamed, long retryAfterSeconds, Throwable cause) {
    super(FAILURE, message, cause);
    this.reason = reason;
    this.retryable = retryable;
    this.streamed = streamed;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ModelException(String reason, String message, boolean retryable) {
    this(reason, message, retryable, false, -1, null);
  }

  public String reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean streamed() {
    return streamed;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  ModelException withStreamed() {
    return streamed ? this : new ModelException(reason, getMessage(), retryable, true, retryAfterSeconds, getCause());
  }
}
