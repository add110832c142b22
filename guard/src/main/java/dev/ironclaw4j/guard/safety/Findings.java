package dev.ironclaw4j.guard.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects hits, dropping a hit of a rule that overlaps one already found for that rule, up to a cap. */
final class Findings {
  static final int CAP = 512;
  final List<Hit> hits = new ArrayList<>();
  private final Map<String, TreeMap<Integer, Integer>> spans = new HashMap<>();
  private boolean truncated;

  boolean full() {
    return hits.size() >= CAP;
  }

  /** True when more hits were found than {@link #CAP}: the content is saturated with attacks. */
  boolean truncated() {
    return truncated;
  }

  /** Adds {@code h} even past the cap (for the one finding that says the cap was reached). */
  void force(Hit h) {
    hits.add(h);
  }

  void add(Hit h) {
    if (full()) {
      truncated = true;
      return;
    }
    SafetyFinding f = h.finding();
    TreeMap<Integer, Integer> t = spans.computeIfAbsent(f.ruleId(), k -> new TreeMap<>());
    Map.Entry<Integer, Integer> lo = t.floorEntry(f.start());
    if (lo != null && (lo.getValue() > f.start() || lo.getKey() == f.start())) {
      return;
    }
    Map.Entry<Integer, Integer> hi = t.ceilingEntry(f.start());
    if (hi != null && hi.getKey() < Math.max(f.end(), f.start() + 1)) {
      return;
    }
    t.put(f.start(), f.end());
    hits.add(h);
    if (full()) {
      truncated = true;
    }
  }
}
