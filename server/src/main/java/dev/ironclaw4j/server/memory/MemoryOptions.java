package dev.ironclaw4j.server.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of memory, each validated. Size limits cap every input: a document's characters, a query's
 * characters, results per search, and what {@code import} reads (files and bytes per file).
 *
 * @param rrfK the k of Reciprocal Rank Fusion: {@code score = sum 1 / (k + rank)}; 60 as in the original paper
 * @param recencyWeight 0 turns recency off; w multiplies a result's fused score by {@code 1 + w * 0.5^(age/halfLife)}
 */
public record MemoryOptions(
    int rrfK,
    double recencyWeight,
    Duration recencyHalfLife,
    int chunkChars,
    int overlapChars,
    int maxDocumentChars,
    int maxQueryChars,
    int maxResults,
    int maxImportFiles,
    Clock clock) {

  public MemoryOptions {
    if (rrfK < 1 || rrfK > 10_000) {
      throw new IllegalArgumentException("rrfK must be in 1..10000");
    }
    if (recencyWeight < 0 || recencyWeight > 10 || Double.isNaN(recencyWeight)) {
      throw new IllegalArgumentException("recencyWeight must be in 0..10");
    }
    if (recencyHalfLife.isNegative() || recencyHalfLife.isZero()) {
      throw new IllegalArgumentException("recencyHalfLife must be positive");
    }
    if (maxDocumentChars < 1 || maxDocumentChars > 1_000_000) {
      throw new IllegalArgumentException("maxDocumentChars must be in 1..1000000 (the database column's size)");
    }
    if (maxQueryChars < 1 || maxQueryChars > 10_000 || maxResults < 1 || maxResults > 1_000
        || maxImportFiles < 1 || maxImportFiles > 1_000_000) {
      throw new IllegalArgumentException("query, result and import limits out of range");
    }
    new Chunker(chunkChars, overlapChars); // validates both
    Objects.requireNonNull(clock, "clock");
  }

  /** k = 60, no recency weighting, chunks of up to 1200 characters with 200 of overlap, 512 KiB documents. */
  public static MemoryOptions defaults() {
    return new MemoryOptions(60, 0, Duration.ofDays(30), 1200, 200, 512 * 1024, 2000, 100, 10_000, Clock.systemUTC());
  }

  public MemoryOptions withRrfK(int k) {
    return new MemoryOptions(k, recencyWeight, recencyHalfLife, chunkChars, overlapChars, maxDocumentChars,
        maxQueryChars, maxResults, maxImportFiles, clock);
  }

  public MemoryOptions withRecency(double weight, Duration halfLife) {
    return new MemoryOptions(rrfK, weight, halfLife, chunkChars, overlapChars, maxDocumentChars, maxQueryChars,
        maxResults, maxImportFiles, clock);
  }

  public MemoryOptions withClock(Clock c) {
    return new MemoryOptions(rrfK, recencyWeight, recencyHalfLife, chunkChars, overlapChars, maxDocumentChars,
        maxQueryChars, maxResults, maxImportFiles, c);
  }
}
