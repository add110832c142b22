package dev.ironclaw4j.guard.egress;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Sliding-window log per caller: remembers the time of each accepted request within the window. */
final class RateLimiter {
  private final RateLimit defaultLimit;
  private final Map<String, RateLimit> perCaller;
  private final LongSupplier nanoClock;
  private final Map<String, ArrayDeque<Long>> log = new HashMap<>();

  RateLimiter(RateLimit defaultLimit, Map<String, RateLimit> perCaller, LongSupplier nanoClock) {
    this.defaultLimit = defaultLimit;
    this.perCaller = Map.copyOf(perCaller);
    this.nanoClock = nanoClock;
  }

  RateLimit limitFor(String caller) {
    return perCaller.getOrDefault(caller, defaultLimit);
  }

  /** Takes one slot for the caller, or returns false when the window is full. */
  synchronized boolean tryAcquire(String caller) {
    RateLimit limit = limitFor(caller);
    long now = nanoClock.getAsLong();
    ArrayDeque<Long> times = log.computeIfAbsent(caller, c -> new ArrayDeque<>());
    long windowNanos = limit.window().toNanos();
    while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
      times.removeFirst();
    }
    if (times.size() >= limit.requests()) {
      return false;
    }
    times.addLast(now);
    return true;
  }
}
