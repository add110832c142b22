package dev.ironclaw4j.guard.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where in a view each rule needs to run: windows around the occurrences of the rule's trigger
 * literals (found with {@link String#indexOf}, which is fast), merged. When the triggers are so dense
 * that windows would cover most of the view, the whole view is one window. Keeps RE2 work
 * proportional to the suspicious parts of large inputs.
 */
final class Windows {
  /** Characters of context on each side of a trigger. Rules never match longer spans than this. */
  static final int REACH = 400;
  private static final int MAX_OCCURRENCES = 20_000;

  final TextView view;
  private final Map<String, List<Integer>> positions = new HashMap<>();

  Windows(TextView view) {
    this.view = view;
  }

  /** Sorted, disjoint {@code [start, end)} windows of the view where {@code rule} may match. */
  List<int[]> of(Rule rule) {
    String t = view.text;
    if (rule.triggers().isEmpty()) {
      return List.of(new int[] {0, t.length()});
    }
    List<Integer> all = new ArrayList<>();
    for (String trigger : rule.triggers()) {
      List<Integer> p = positions.computeIfAbsent(trigger, this::find);
      if (p == null) {
        return List.of(new int[] {0, t.length()});
      }
      all.addAll(p);
    }
    if (all.isEmpty()) {
      return List.of();
    }
    all.sort(null);
    List<int[]> out = new ArrayList<>();
    long covered = 0;
    int curS = -1;
    int curE = -1;
    for (int p : all) {
      int s = lineStartNear(t, Math.max(0, p - REACH));
      int e = Math.min(t.length(), p + REACH);
      if (curE >= s) {
        curE = Math.max(curE, e);
      } else {
        if (curS >= 0) {
          out.add(new int[] {curS, curE});
          covered += curE - curS;
        }
        curS = s;
        curE = e;
      }
    }
    out.add(new int[] {curS, curE});
    covered += curE - curS;
    return covered * 2 > t.length() ? List.of(new int[] {0, t.length()}) : out;
  }

  /** Occurrences of {@code trigger}, or null when there are too many to be worth windowing. */
  private List<Integer> find(String trigger) {
    List<Integer> p = new ArrayList<>();
    String t = view.text;
    for (int i = t.indexOf(trigger); i >= 0; i = t.indexOf(trigger, i + 1)) {
      if (p.size() >= MAX_OCCURRENCES) {
        return null;
      }
      p.add(i);
    }
    return p;
  }

  /** Moves a window start back to the beginning of its line (if near), so line anchors stay true. */
  private static int lineStartNear(String t, int s) {
    if (s == 0) {
      return 0;
    }
    int nl = t.lastIndexOf('\n', s - 1);
    return nl >= 0 && s - nl <= REACH ? nl + 1 : s;
  }
}
