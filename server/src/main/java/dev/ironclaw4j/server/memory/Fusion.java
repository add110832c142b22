package dev.ironclaw4j.server.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal Rank Fusion (Cormack, Clarke and Büttcher, 2009): each list contributes
 * {@code 1 / (k + rank)} for every item it returned, ranks starting at 1. Optionally weighted by
 * recency: {@code score * (1 + w * 0.5^(age / halfLife))}.
 */
final class Fusion {
  private Fusion() {}

  static List<SearchHit> fuse(List<MemoryIndex.Entry> bm25, List<MemoryIndex.Entry> vector, int k,
      double recencyWeight, Duration halfLife, Instant now, int limit) {
    Map<String, int[]> ranks = new LinkedHashMap<>();
    Map<String, MemoryIndex.Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < bm25.size(); i++) {
      String key = key(bm25.get(i));
      entries.putIfAbsent(key, bm25.get(i));
      ranks.computeIfAbsent(key, x -> new int[2])[0] = i + 1;
    }
    for (int i = 0; i < vector.size(); i++) {
      String key = key(vector.get(i));
      entries.putIfAbsent(key, vector.get(i));
      ranks.computeIfAbsent(key, x -> new int[2])[1] = i + 1;
    }
    List<SearchHit> out = new ArrayList<>(ranks.size());
    for (Map.Entry<String, int[]> e : ranks.entrySet()) {
      int[] r = e.getValue();
      double score = (r[0] > 0 ? 1.0 / (k + r[0]) : 0) + (r[1] > 0 ? 1.0 / (k + r[1]) : 0);
      MemoryIndex.Entry x = entries.get(e.getKey());
      if (recencyWeight > 0) {
        double age = Math.max(0, Duration.between(x.updatedAt(), now).toMillis());
        score *= 1 + recencyWeight * Math.pow(0.5, age / halfLife.toMillis());
      }
      out.add(hit(x, r[0], r[1], score));
    }
    out.sort(Comparator.comparingDouble(SearchHit::score).reversed()
        .thenComparing(SearchHit::path).thenComparingInt(SearchHit::chunk));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  static SearchHit hit(MemoryIndex.Entry x, int bm25Rank, int vectorRank, double score) {
    return new SearchHit(x.path(), x.chunk(), x.startLine(), x.endLine(), x.text(), bm25Rank, vectorRank, score,
        x.provenance(), x.trust(), x.updatedAt());
  }

  private static String key(MemoryIndex.Entry e) {
    return e.path() + "#" + e.chunk();
  }
}
