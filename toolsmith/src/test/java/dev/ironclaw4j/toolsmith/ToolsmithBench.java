package dev.ironclaw4j.toolsmith;

import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.wasm.Mode;
import dev.ironclaw4j.wasm.WasmTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Time from a Java source file to a callable sandboxed tool, over several builds in one JVM (one warm
 * build worker): javac, TeaVM, validate (module checks + sandbox worker start), then load + first call.
 * Prints each build, the p50 of every phase, and the warm per-call cost of the built tool.
 * Run by {@code benchmarks/toolsmith-bench.sh}.
 */
public final class ToolsmithBench {
  private ToolsmithBench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    int builds = quick ? 3 : 7;
    String source = Files.readString(Path.of("toolsmith", "examples", "WordCount.java"));
    ToolContext ctx = new ToolContext("bench", "bench", "bench", Optional.empty());
    JsonNode input = JsonMapper.shared().readTree("{\"text\": \"the quick brown fox jumps over the lazy dog the end\"}");
    List<long[]> rows = new ArrayList<>();
    long perCallNanos = 0;
    try (Toolsmith smith = new Toolsmith(Toolsmith.Options.defaults(), Smith.noEgress(), SecretLookup.NONE, l -> {})) {
      System.out.printf("%-6s %8s %8s %9s %12s %9s%n", "build", "javac", "teavm", "validate", "load+call", "total");
      for (int i = 1; i <= builds; i++) {
        long t0 = System.nanoTime();
        BuildResult r = smith.build("WordCount.java", source, false, BuildListener.NONE);
        if (!r.ok()) {
          throw new IllegalStateException(r.diagnostics().toString());
        }
        long t1 = System.nanoTime();
        try (WasmTool tool = WasmTool.load(r.wasm(), r.manifest(), Mode.COMPILED, Smith.noEgress(), SecretLookup.NONE, l -> {})) {
          tool.execute(input, ctx);
          long t2 = System.nanoTime();
          long[] row = {r.millis()[0], r.millis()[1], r.millis()[2], (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000};
          rows.add(row);
          System.out.printf("%-6d %6d ms %6d ms %7d ms %10d ms %7d ms%n", i, row[0], row[1], row[2], row[3], row[4]);
          if (i == builds) {
            int n = quick ? 50 : 200;
            for (int k = 0; k < 10; k++) {
              tool.execute(input, ctx);
            }
            long c0 = System.nanoTime();
            for (int k = 0; k < n; k++) {
              tool.execute(input, ctx);
            }
            perCallNanos = (System.nanoTime() - c0) / n;
          }
        }
      }
    }
    List<long[]> warm = rows.size() > 1 ? rows.subList(1, rows.size()) : rows;
    System.out.printf("%np50 of builds 2..%d (warm build worker):%n", rows.size());
    String[] names = {"javac", "teavm", "validate", "load+first call", "source -> callable tool"};
    for (int c = 0; c < names.length; c++) {
      System.out.printf("  %-24s %6d ms%n", names[c], p50(warm, c));
    }
    System.out.printf("  %-24s %6d ms (first build, cold worker)%n", "source -> callable tool", rows.get(0)[4]);
    System.out.printf("warm call of the built tool (sandbox worker, compiled): %.2f ms%n", perCallNanos / 1e6);
  }

  private static long p50(List<long[]> rows, int col) {
    long[] v = rows.stream().mapToLong(r -> r[col]).sorted().toArray();
    return v[v.length / 2];
  }
}
