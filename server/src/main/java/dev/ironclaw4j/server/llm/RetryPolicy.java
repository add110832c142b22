package dev.ironclaw4j.server.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Retries a model call that failed in a way that may pass (429, 5xx, a dropped connection) with
 * exponential backoff and jitter, honouring the provider's Retry-After up to {@code maxDelay}. Nothing
 * is retried once part of an answer was streamed, or after an interruption.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper) {
  /** Waits; tests swap in one that does not. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

  /** Four attempts: after about 1, 2 and 4 seconds (or what Retry-After asks, up to 30 s). */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), THREAD_SLEEP);
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** The delay before attempt {@code n + 1} after failure {@code e} (n counts from 1). */
  Duration delay(int n, ModelException e) {
    long max = maxDelay.toMillis();
    if (e.retryAfterSeconds() >= 0) {
      return Duration.ofMillis(Math.min(max, e.retryAfterSeconds() * 1000));
    }
    long base = baseDelay.toMillis() << Math.min(20, n - 1);
    long jitter = base <= 1 ? 0 : ThreadLocalRandom.current().nextLong(base / 4 + 1);
    return Duration.ofMillis(Math.min(max, base + jitter));
  }

  /** Runs the call, retrying as described; the last failure is thrown. */
  public ChatResponse run(Supplier<ChatResponse> call) {
    return run(call, () -> false);
  }

  /** As above; {@code cancelled} ends the wait before a retry (checked every 100 ms). */
  public ChatResponse run(Supplier<ChatResponse> call, BooleanSupplier cancelled) {
    for (int n = 1; ; n++) {
      try {
        return call.get();
      } catch (ModelException e) {
        if (!e.retryable() || e.streamed() || n >= maxAttempts || Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
          throw e;
        }
        try {
          Duration d = delay(n, e);
          if (sleeper != THREAD_SLEEP) {
            sleeper.sleep(d); // a test's sleeper: one call with the whole delay
          } else {
            long end = System.nanoTime() + d.toNanos();
            for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
              if (cancelled.getAsBoolean()) {
                throw new ModelException("cancelled", "cancelled while waiting to retry the model", false, false, -1, null);
              }
              Thread.sleep(Math.max(1, Math.min(left, 100_000_000L) / 1_000_000));
            }
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new ModelException("cancelled", "cancelled while waiting to retry the model", false, false, -1, ie);
        }
      }
    }
  }
}
