package dev.ironclaw4j.bench;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * In-process throughput of the leak detector over each corpus directory: files are read into memory
 * first (I/O is not timed), one warm-up pass, then the best of {@code ROUNDS} timed passes. Prints one
 * line per corpus: {@code corpus MB MB/s findings}.
 *
 * <p>Usage: {@code LeakThroughput ROUNDS DIR...}
 */
public final class LeakThroughput {
  public static void main(String[] args) throws IOException {
    int rounds = Integer.parseInt(args[0]);
    LeakDetector detector = new LeakDetector();
    for (int a = 1; a < args.length; a++) {
      Path dir = Path.of(args[a]);
      List<String> files = new ArrayList<>();
      long bytes = 0;
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.sorted().toList()) {
          files.add(Files.readString(p, StandardCharsets.UTF_8));
          bytes += Files.size(p);
        }
      }
      long findings = pass(detector, files); // warm-up
      long best = Long.MAX_VALUE;
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        findings = pass(detector, files);
        best = Math.min(best, System.nanoTime() - t0);
      }
      double mb = bytes / 1e6;
      System.out.printf("%s %.1f %.1f %d%n", dir.getFileName(), mb, mb / (best / 1e9), findings);
    }
  }

  private static long pass(LeakDetector d, List<String> files) {
    long n = 0;
    for (String f : files) {
      List<Finding> found = d.scan(f);
      n += found.size();
    }
    return n;
  }
}
