package dev.ironclaw4j.guard.egress;

import java.time.Duration;
import java.util.Objects;

/** At most {@code requests} requests per caller in any sliding {@code window}. */
public record RateLimit(int requests, Duration window) {
  public RateLimit {
    Objects.requireNonNull(window, "window");
    if (requests < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a rate limit needs at least 1 request in a positive window");
    }
  }

  public static RateLimit perMinute(int requests) {
    return new RateLimit(requests, Duration.ofMinutes(1));
  }
}
