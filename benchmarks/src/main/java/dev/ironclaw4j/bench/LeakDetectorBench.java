package dev.ironclaw4j.bench;

import dev.ironclaw4j.guard.leak.LeakDetector;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: time to scan 1 MiB of each corpus kind (with fake secrets). MB/s = 1.048576 / (ms/op / 1000).
 * The side-by-side comparison with secretlint is {@code benchmarks/leak-bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeakDetectorBench {
  @Param({"prose", "code", "json"})
  public String kind;

  private String text;
  private final LeakDetector detector = new LeakDetector();

  @Setup
  public void setup() {
    Random r = new Random(1);
    StringBuilder sb = new StringBuilder(LeakCorpus.FILE_BYTES + 4096);
    int next = 16384;
    while (sb.length() < LeakCorpus.FILE_BYTES) {
      switch (kind) {
        case "prose" -> LeakCorpus.prose(r, sb);
        case "code" -> LeakCorpus.code(r, sb);
        default -> LeakCorpus.json(r, sb);
      }
      if (sb.length() > next) {
        sb.append(LeakCorpus.secretLine(r, kind)).append('\n');
        next += 16384;
      }
    }
    text = sb.toString();
  }

  @Benchmark
  public List<?> scan1MiB() {
    return detector.scan(text);
  }
}
