package dev.ironclaw4j.guard.tool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Sliding-window rate limits: at most {@code perTool} calls of one tool and {@code perSession} calls in
 * one session within {@code window}. A refused call does not count.
 */
public final class RateLimiter {
  /** The limits; both must be positive. */
  public record Limits(int perTool, int perSession, Duration window) {
    public Limits {
      if (perTool < 1 || perSession < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("rate limits must be positive");
      }
    }
  }

  private final Limits limits;
  private final LongSupplier nanoClock;
  private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();

  public RateLimiter(Limits limits, LongSupplier nanoClock) {
    this.limits = limits;
    this.nanoClock = nanoClock;
  }

  /**
   * Counts a call of a tool in a session.
   *
   * @throws ToolException {@code rate-limited}, saying which limit and when to retry
   */
  public void acquire(String tool, String session) {
    long now = nanoClock.getAsLong();
    long horizon = now - limits.window().toNanos();
    Deque<Long> t = windows.computeIfAbsent("tool:" + tool, k -> new ArrayDeque<>());
    Deque<Long> s = windows.computeIfAbsent("session:" + session, k -> new ArrayDeque<>());
    // lock order by identity hash avoids deadlock between two keys
    Deque<Long> first = System.identityHashCode(t) <= System.identityHashCode(s) ? t : s;
    Deque<Long> second = first == t ? s : t;
    synchronized (first) {
      synchronized (second) {
        prune(t, horizon);
        prune(s, horizon);
        if (t.size() >= limits.perTool()) {
          throw refused("tool " + tool, limits.perTool(), t.peekFirst() - horizon);
        }
        if (s.size() >= limits.perSession()) {
          throw refused("this session", limits.perSession(), s.peekFirst() - horizon);
        }
        t.addLast(now);
        s.addLast(now);
      }
    }
  }

  private ToolException refused(String what, int limit, long retryNanos) {
    long secs = Math.max(1, Duration.ofNanos(retryNanos).toSeconds() + 1);
    return new ToolException("rate-limited",
        "rate limit reached for " + what + " (" + limit + " calls per " + limits.window().toSeconds() + " s); retry in " + secs + " s");
  }

  private static void prune(Deque<Long> d, long horizon) {
    while (!d.isEmpty() && d.peekFirst() <= horizon) {
      d.pollFirst();
    }
  }
}
