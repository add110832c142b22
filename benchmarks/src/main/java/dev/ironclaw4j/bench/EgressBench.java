package dev.ironclaw4j.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;
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
    Statistics bare = stats(results, "bareJetty");
    System.out.println();
    System.out.println("egress added latency, 10 KB POST over loopback, microseconds per request");
    System.out.println("(mean ± 99.9% CI, and the median of the measurement iterations, which resists a noisy machine):");
    System.out.printf(Locale.ROOT, "  %-18s mean %7.1f ± %6.1f   median %7.1f%n", "bare Jetty",
        bare.getMean(), bare.getMeanErrorAt(0.999), bare.getPercentile(50));
    for (String name : new String[] {"guarded", "guardedWithSecret"}) {
      Statistics g = stats(results, name);
      System.out.printf(Locale.ROOT, "  %-18s mean %7.1f ± %6.1f   median %7.1f   difference %+7.1f us (median %+7.1f)"
              + "   ratio %.2fx (median %.2fx)%n",
          name, g.getMean(), g.getMeanErrorAt(0.999), g.getPercentile(50),
          g.getMean() - bare.getMean(), g.getPercentile(50) - bare.getPercentile(50),
          g.getMean() / bare.getMean(), g.getPercentile(50) / bare.getPercentile(50));
    }
  }

  private static Statistics stats(Collection<RunResult> results, String method) {
    return find(results, method).getPrimaryResult().getStatistics();
  }

  private static RunResult find(Collection<RunResult> results, String method) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no result for " + method));
  }
}
