package dev.ironclaw4j.guard.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Collects where one tool call sent data, so its audit record can list the destinations. The tool
 * pipeline runs each call inside {@link #collect}; egress reports every destination it actually sent
 * to with {@link #sentTo}. Scoped to the thread that runs the call (a fresh virtual thread per call),
 * and a no-op outside a call.
 */
public final class CallTrace {
  /** At most this many distinct destinations are kept per call. */
  static final int MAX = 50;

  private static final ThreadLocal<Set<String>> CURRENT = new ThreadLocal<>();

  private CallTrace() {}

  /** Runs {@code work}; adds the destinations egress reported meanwhile to {@code destinations}, in first-use order. */
  public static <T> T collect(Callable<T> work, List<String> destinations) throws Exception {
    Set<String> seen = new LinkedHashSet<>();
    CURRENT.set(seen);
    try {
      return work.call();
    } finally {
      CURRENT.remove();
      synchronized (seen) {
        destinations.addAll(new ArrayList<>(seen));
      }
    }
  }

  /** Called by egress when bytes were sent to {@code hostPort}. */
  public static void sentTo(String hostPort) {
    Set<String> s = CURRENT.get();
    if (s != null) {
      synchronized (s) {
        if (s.size() < MAX) {
          s.add(hostPort);
        }
      }
    }
  }
}
