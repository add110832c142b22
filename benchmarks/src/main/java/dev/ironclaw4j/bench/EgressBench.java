package dev.ironclaw4j.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link EgressLatencyBenchmark} and prints each guarded variant against the bare Jetty client
 * as a difference (microseconds per request) and a ratio. {@code --quick} uses short iterations.
 */
public final class EgressBench {
  private EgressBench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = args.length > 0 && args[0].equals("--quick");
    Options opts = new OptionsBuilder()
        .include(EgressLatencyBenchmark.class.getName())
        .forks(1)
        .warmupIterations(quick ? 3 : 5)
        .warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 5 : 10)
        .measurementTime(TimeValue.seconds(quick ? 1 : 2))
        .build();
    Collection<RunResult> results = new Runner(opts).run();
    double bare = score(results, "bareJetty");
    double bareErr = error(results, "bareJetty");
    System.out.println();
    System.out.println("egress added latency, 10 KB POST over loopback (microseconds per request, mean ± 99.9% CI):");
    System.out.printf(Locale.ROOT, "  %-18s %9.1f ± %.1f%n", "bare Jetty", bare, bareErr);
    for (String name : new String[] {"guarded", "guardedWithSecret"}) {
      double g = score(results, name);
      System.out.printf(Locale.ROOT, "  %-18s %9.1f ± %.1f   difference %+8.1f us   ratio %.2fx%n",
          name, g, error(results, name), g - bare, g / bare);
    }
  }

  private static RunResult find(Collection<RunResult> results, String method) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no result for " + method));
  }

  private static double score(Collection<RunResult> results, String method) {
    return find(results, method).getPrimaryResult().getScore();
  }

  private static double error(Collection<RunResult> results, String method) {
    return find(results, method).getPrimaryResult().getScoreError();
  }
}
