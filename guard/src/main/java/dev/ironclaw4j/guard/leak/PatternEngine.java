package dev.ironclaw4j.guard.leak;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the rule catalogue over text in two stages. Stage one is a single Aho-Corasick pass over the
 * literal anchors of every rule. Each anchor hit opens a bounded window for its rule; overlapping
 * windows of one rule are merged, so each character is examined by a rule's pattern at most once.
 * Stage two runs the rule's RE2 pattern (linear time) over each merged window. Total work is linear in
 * the input: one table step per character plus, per rule, at most one linear regex pass per character.
 */
final class PatternEngine {
  private final List<Rule> rules;
  private final AhoCorasick anchors;
  private final int[] anchorRule;
  private final String[] anchorExact; // non-null: verify this exact case at the hit
  /** Characters given to full patterns since construction (a work counter for linearity tests). */
  private final java.util.concurrent.atomic.LongAdder regexChars = new java.util.concurrent.atomic.LongAdder();

  PatternEngine(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    List<String> lits = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    List<String> exact = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      boolean ci = r.pattern().pattern().startsWith("(?i)");
      for (String a : r.anchors()) {
        lits.add(a);
        owner.add(i);
        exact.add(ci || a.chars().noneMatch(Character::isLetter) ? null : a);
      }
    }
    this.anchors = new AhoCorasick(lits, true);
    this.anchorRule = owner.stream().mapToInt(Integer::intValue).toArray();
    this.anchorExact = exact.toArray(new String[0]);
  }

  long regexChars() {
    return regexChars.sum();
  }

  List<Rule> rules() {
    return rules;
  }

  /** Adds to {@code out} every rule match inside {@code text[from, to)}, offsets relative to {@code text}. */
  void scan(CharSequence text, int from, int to, List<Finding> out) {
    int n = rules.size();
    int[] ws = new int[n];
    int[] we = new int[n];
    Arrays.fill(ws, -1);
    anchors.scan(text, from, to, (a, end) -> {
      int start = end - anchors.patternLength(a);
      String ex = anchorExact[a];
      if (ex != null && !regionEquals(text, start, ex)) {
        return;
      }
      int ri = anchorRule[a];
      Rule r = rules.get(ri);
      int s = Math.max(from, start - r.before());
      int e = Math.min(to, end + r.after());
      if (ws[ri] >= 0 && s <= we[ri]) {
        we[ri] = Math.max(we[ri], e);
      } else {
        if (ws[ri] >= 0) {
          runRule(r, text, ws[ri], we[ri], out);
        }
        ws[ri] = s;
        we[ri] = e;
      }
    });
    for (int ri = 0; ri < n; ri++) {
      if (ws[ri] >= 0) {
        runRule(rules.get(ri), text, ws[ri], we[ri], out);
      }
    }
  }

  private void runRule(Rule r, CharSequence text, int s, int e, List<Finding> out) {
    regexChars.add(e - s);
    Matcher m = r.pattern().matcher(new Slice(text, s, e));
    int pos = 0;
    while (pos <= e - s && m.find(pos)) {
      int ms = m.start();
      int me = m.end();
      pos = me > ms ? me : me + 1;
      int gs = m.start(r.group());
      int ge = m.end(r.group());
      if (gs < 0 || ge <= gs) {
        continue;
      }
      int limit = r.before() + r.after();
      if (ge - gs > limit) {
        ge = gs + limit; // an open-ended repetition ran across a merged window: report the bounded part
      }
      if (r.boundary() && (isWord(text, s + ms - 1) || isWord(text, s + me))) {
        continue;
      }
      String value = text.subSequence(s + gs, s + ge).toString();
      if (!r.check().test(value)) {
        continue;
      }
      out.add(new Finding(Rules.refine(r, m), s + gs, s + ge, r.confidence(), r.action(), null));
    }
  }

  private static boolean isWord(CharSequence t, int i) {
    if (i < 0 || i >= t.length()) {
      return false;
    }
    char c = t.charAt(i);
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static boolean regionEquals(CharSequence t, int start, String lit) {
    if (start < 0 || start + lit.length() > t.length()) {
      return false;
    }
    for (int i = 0; i < lit.length(); i++) {
      if (t.charAt(start + i) != lit.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A window of a longer text, without copying. */
  record Slice(CharSequence text, int from, int to) implements CharSequence {
    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      return text.charAt(from + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Slice(text, from + start, from + end);
    }

    @Override
    public String toString() {
      return new StringBuilder(this).toString();
    }
  }
}
