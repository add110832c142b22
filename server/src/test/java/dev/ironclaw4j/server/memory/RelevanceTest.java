package dev.ironclaw4j.server.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid search beats each single method on {@link RelevanceSet}, with the real bundled model
 * (all-MiniLM-L6-v2) and the real English BM25. Prints nDCG@10 of each method.
 */
class RelevanceTest {
  @TempDir Path tmp;

  @Test
  void hybridBeatsBm25AndVectorOnTheLabeledSet() throws Exception {
    TestDatabases.Target t = TestDatabases.h2(Files.createDirectories(tmp.resolve("db")));
    Map<Memory.Mode, Double> ndcg = new EnumMap<>(Memory.Mode.class);
    try (Database db = Database.open(t.url(), t.user(), t.password());
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        Memory m = Memory.open(db, tmp.resolve("index"), embedder, TestScanners.leaks(), MemoryOptions.defaults())) {
      for (Map.Entry<String, String> d : new TreeMap<>(RelevanceSet.DOCS).entrySet()) {
        m.write("notes/" + d.getKey() + ".md", d.getValue() + "\n", "user", Trust.TRUSTED);
      }
      for (Memory.Mode mode : Memory.Mode.values()) {
        double sum = 0;
        StringBuilder perQuery = new StringBuilder();
        for (RelevanceSet.Query q : RelevanceSet.QUERIES) {
          double v = ndcgAt10(docIds(m.search(q.text(), 10, mode)), q.relevant());
          perQuery.append(String.format(" %.2f", v));
          sum += v;
        }
        ndcg.put(mode, sum / RelevanceSet.QUERIES.size());
        System.out.printf("nDCG@10 %-6s = %.4f  per query:%s%n", mode, ndcg.get(mode), perQuery);
      }
    }
    assertTrue(ndcg.get(Memory.Mode.HYBRID) >= ndcg.get(Memory.Mode.BM25), ndcg.toString());
    assertTrue(ndcg.get(Memory.Mode.HYBRID) >= ndcg.get(Memory.Mode.VECTOR), ndcg.toString());
  }

  private static List<String> docIds(List<SearchHit> hits) {
    Set<String> ids = new LinkedHashSet<>();
    for (SearchHit h : hits) {
      ids.add(h.path().substring("notes/".length(), h.path().length() - ".md".length()));
    }
    return new ArrayList<>(ids);
  }

  /** Binary-relevance nDCG@10: DCG of the ranking over DCG of the ideal ranking. */
  static double ndcgAt10(List<String> ranked, Set<String> relevant) {
    double dcg = 0;
    for (int i = 0; i < Math.min(10, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        dcg += 1 / log2(i + 2);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(10, relevant.size()); i++) {
      ideal += 1 / log2(i + 2);
    }
    return dcg / ideal;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
