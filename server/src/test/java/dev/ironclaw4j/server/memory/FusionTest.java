package dev.ironclaw4j.server.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  static MemoryIndex.Entry e(String path, Instant updated) {
    return new MemoryIndex.Entry(path, 0, 1, 1, path, "user", Trust.TRUSTED, updated);
  }

  @Test
  void reciprocalRankFusionAddsOneOverKPlusRank() {
    MemoryIndex.Entry a = e("a", NOW);
    MemoryIndex.Entry b = e("b", NOW);
    MemoryIndex.Entry c = e("c", NOW);
    List<SearchHit> hits = Fusion.fuse(List.of(a, b), List.of(c, a), 60, 0, Duration.ofDays(1), NOW, 10);
    assertEquals(List.of("a", "c", "b"), hits.stream().map(SearchHit::path).toList());
    assertEquals(1.0 / 61 + 1.0 / 62, hits.get(0).score(), 1e-12);
    assertEquals(1, hits.get(0).bm25Rank());
    assertEquals(2, hits.get(0).vectorRank());
    assertEquals(0, hits.get(1).bm25Rank(), "c was not in the BM25 list");
    assertEquals(1, hits.get(1).vectorRank());
    assertEquals(2, Fusion.fuse(List.of(a, b), List.of(c, a), 60, 0, Duration.ofDays(1), NOW, 2).size());
  }

  @Test
  void smallerKFavoursTheTopOfEachList() {
    MemoryIndex.Entry a = e("a", NOW);
    MemoryIndex.Entry b = e("b", NOW);
    // a: first in BM25 only; b: fourth in both lists.
    List<MemoryIndex.Entry> bm25 = List.of(a, e("y1", NOW), e("y2", NOW), b);
    List<MemoryIndex.Entry> vec = List.of(e("x1", NOW), e("x2", NOW), e("x3", NOW), b);
    assertEquals("b", Fusion.fuse(bm25, vec, 60, 0, Duration.ofDays(1), NOW, 1).getFirst().path(), "2/64 > 1/61");
    assertEquals("a", Fusion.fuse(bm25, vec, 1, 0, Duration.ofDays(1), NOW, 1).getFirst().path(), "1/2 > 2/5");
  }

  @Test
  void recencyWeightingPrefersNewerNotesOnlyWhenAskedFor() {
    MemoryIndex.Entry old = e("old", NOW.minus(Duration.ofDays(60)));
    MemoryIndex.Entry fresh = e("fresh", NOW.minus(Duration.ofDays(1)));
    List<MemoryIndex.Entry> bm25 = List.of(old, fresh);
    List<MemoryIndex.Entry> vec = List.of(old, fresh);
    assertEquals("old", Fusion.fuse(bm25, vec, 60, 0, Duration.ofDays(7), NOW, 1).getFirst().path());
    assertEquals("fresh", Fusion.fuse(bm25, vec, 60, 1.0, Duration.ofDays(7), NOW, 1).getFirst().path());
  }
}
