package dev.ironclaw4j.guard.leak;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-pattern literal matcher: one pass over the text, one table lookup per character, no
 * allocation while scanning. The alphabet is compressed to the characters that occur in the patterns
 * (every other character is class 0), so the dense transition table stays small. Characters outside
 * ASCII in a pattern all share one class; callers verify a hit exactly when that matters.
 *
 * <p>Immutable and thread-safe once built.
 */
final class AhoCorasick {
  /** Receives a hit: pattern index and the exclusive end offset of the occurrence. */
  @FunctionalInterface
  interface Hits {
    void hit(int pattern, int end);
  }

  private static final int NON_ASCII = 128;

  private final boolean caseInsensitive;
  private final int[] classOf = new int[NON_ASCII + 1];
  private final int classes;
  private final int[] delta;
  private final int[][] out;
  private final int[] lengths;

  AhoCorasick(List<String> patterns, boolean caseInsensitive) {
    this.caseInsensitive = caseInsensitive;
    this.lengths = new int[patterns.size()];
    int next = 1;
    for (String p : patterns) {
      for (int i = 0; i < p.length(); i++) {
        int c = fold(p.charAt(i));
        if (classOf[c] == 0) {
          classOf[c] = next++;
        }
      }
    }
    if (caseInsensitive) {
      for (int c = 'A'; c <= 'Z'; c++) {
        classOf[c] = classOf[c + 32];
      }
    }
    this.classes = next;
    // Build the trie with growable arrays.
    int cap = 64;
    int[] trie = new int[cap * classes];
    List<int[]> outs = new ArrayList<>();
    outs.add(new int[0]);
    int states = 1;
    for (int pi = 0; pi < patterns.size(); pi++) {
      String p = patterns.get(pi);
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty pattern");
      }
      lengths[pi] = p.length();
      int s = 0;
      for (int i = 0; i < p.length(); i++) {
        int k = classOf[fold(p.charAt(i))];
        int t = trie[s * classes + k];
        if (t == 0) {
          if (states == cap) {
            cap *= 2;
            trie = Arrays.copyOf(trie, cap * classes);
          }
          t = states++;
          outs.add(new int[0]);
          trie[s * classes + k] = t;
        }
        s = t;
      }
      int[] o = outs.get(s);
      int[] grown = Arrays.copyOf(o, o.length + 1);
      grown[o.length] = pi;
      outs.set(s, grown);
    }
    // Breadth-first: failure links folded into a complete transition table.
    int[] fail = new int[states];
    int[] d = Arrays.copyOf(trie, states * classes);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int k = 0; k < classes; k++) {
      int t = trie[k];
      if (t != 0) {
        fail[t] = 0;
        queue.add(t);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      int[] o = outs.get(s);
      int[] fo = outs.get(fail[s]);
      if (fo.length > 0) {
        int[] merged = Arrays.copyOf(o, o.length + fo.length);
        System.arraycopy(fo, 0, merged, o.length, fo.length);
        outs.set(s, merged);
      }
      for (int k = 0; k < classes; k++) {
        int t = trie[s * classes + k];
        if (t != 0) {
          fail[t] = d[fail[s] * classes + k];
          queue.add(t);
        } else {
          d[s * classes + k] = d[fail[s] * classes + k];
        }
      }
    }
    this.delta = d;
    this.out = outs.toArray(new int[0][]);
  }

  int patternLength(int pattern) {
    return lengths[pattern];
  }

  int stateCount() {
    return out.length;
  }

  /** Reports every occurrence of every pattern in {@code text[from, to)}. */
  void scan(String text, int from, int to, Hits hits) {
    int s = 0;
    final int[] d = delta;
    final int[] cls = classOf;
    final int n = classes;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      int k = c < NON_ASCII ? cls[c] : cls[NON_ASCII];
      s = d[s * n + k];
      int[] o = out[s];
      if (o.length != 0) {
        for (int p : o) {
          hits.hit(p, i + 1);
        }
      }
    }
  }

  private int fold(char c) {
    if (c >= NON_ASCII) {
      return NON_ASCII;
    }
    return caseInsensitive && c >= 'A' && c <= 'Z' ? c + 32 : c;
  }
}
