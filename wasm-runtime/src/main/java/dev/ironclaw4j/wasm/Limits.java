package dev.ironclaw4j.wasm;

import java.time.Duration;

/**
 * What one call of a WASM tool may consume. Every limit must be written in the manifest (there are no
 * silent defaults) and each has a hard ceiling that no manifest can raise.
 *
 * @param wallTime wall-clock deadline of one call; the call's thread is interrupted when it passes
 * @param fuel CPU budget of one call, in metering units (see {@code docs/tool-abi.md})
 * @param memoryPages most 64 KiB pages of linear memory the module may ever have
 * @param outputBytes largest output (UTF-8 bytes of the JSON the module returns)
 * @param httpCalls most {@code http} host calls in one call
 * @param heapMb heap of the sandbox worker JVM that runs a WASM-GC module, in MiB ({@value #MIN_HEAP_MB} to
 *     {@value #MAX_HEAP_MB}); 0 when not stated, which only a linear-memory module may leave out
 */
public record Limits(Duration wallTime, long fuel, int memoryPages, int outputBytes, int httpCalls, int heapMb) {
  public static final Duration MAX_WALL_TIME = Duration.ofMinutes(2);
  public static final long MAX_FUEL = 1_000_000_000_000L;
  /** 4096 pages = 256 MiB. */
  public static final int MAX_MEMORY_PAGES = 4096;
  public static final int MAX_OUTPUT_BYTES = 1 << 20;
  public static final int MAX_HTTP_CALLS = 100;
  public static final int MIN_HEAP_MB = 32;
  public static final int MAX_HEAP_MB = 4096;

  public Limits {
    if (wallTime == null || wallTime.isNegative() || wallTime.isZero() || wallTime.compareTo(MAX_WALL_TIME) > 0) {
      throw new IllegalArgumentException("limits.wall_time_ms must be between 1 and " + MAX_WALL_TIME.toMillis());
    }
    check("limits.fuel", fuel, 1, MAX_FUEL);
    check("limits.memory_pages", memoryPages, 1, MAX_MEMORY_PAGES);
    check("limits.output_bytes", outputBytes, 1, MAX_OUTPUT_BYTES);
    check("limits.http_calls", httpCalls, 0, MAX_HTTP_CALLS);
    if (heapMb != 0) {
      check("limits.heap_mb", heapMb, MIN_HEAP_MB, MAX_HEAP_MB);
    }
  }

  /** Limits without a GC heap (linear-memory modules). */
  public Limits(Duration wallTime, long fuel, int memoryPages, int outputBytes, int httpCalls) {
    this(wallTime, fuel, memoryPages, outputBytes, httpCalls, 0);
  }

  private static void check(String field, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", got " + v);
    }
  }
}
