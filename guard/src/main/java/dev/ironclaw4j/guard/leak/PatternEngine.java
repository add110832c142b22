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
  void scan(String text, int from, int to, List<Finding> out) {
    int n = rules.size();
    int[] ws = new int[n];
    int[] we = new int[n];
    boolean[] merged = new boolean[n];
    Arrays.fill(ws, -1);
    anchors.scan(text, from, to, (a, end) -> {
      int start = end - anchors.patternLength(a);
      String ex = anchorExact[a];
      if (ex != null && !regionEquals(text, start, ex)) {
        return;
      }
      int ri = anchorRule[a];
      Rule r = rules.get(ri);
      if (r.assignment()) {
        int v = assignmentEnd(text, end, to);
        if (v < 0 || !valueMayPass(r, text, v, to)) {
          return;
        }
      }
      if (r.group() == 2 && r.type().equals("url_password") && !userinfoFollows(text, end, to)) {
        return;
      }
      int s = Math.max(from, start - r.before());
      int e = Math.min(to, end + r.after());
      if (ws[ri] >= 0 && s <= we[ri]) {
        we[ri] = Math.max(we[ri], e);
        merged[ri] = true;
      } else {
        if (ws[ri] >= 0) {
          runRule(r, text, ws[ri], we[ri], !merged[ri] && r.before() == 0, out);
        }
        ws[ri] = s;
        we[ri] = e;
        merged[ri] = false;
      }
    });
    for (int ri = 0; ri < n; ri++) {
      if (ws[ri] >= 0) {
        Rule r = rules.get(ri);
        runRule(r, text, ws[ri], we[ri], !merged[ri] && r.before() == 0, out);
      }
    }
  }

  /**
   * {@code user:password@} right after {@code ://}: the only URLs worth the full pattern. Bounded by
   * the pattern's own limits, so the work per hit is constant.
   */
  static boolean userinfoFollows(String t, int i, int to) {
    int limit = Math.min(to, i + 128 + 1 + 256 + 1);
    boolean colon = false;
    for (; i < limit; i++) {
      char c = t.charAt(i);
      if (c == '@') {
        return colon;
      }
      if (c == ':') {
        colon = true;
      } else if (c <= ' ' || c == '/' || c == '"' || c == '\'' || c == '<' || c == '>') {
        return false;
      }
    }
    return false;
  }

  /**
   * Runs a rule's pattern over {@code text[s, e)}. A window opened by a single anchor of a rule whose
   * matches start at the anchor is matched anchored ({@code lookingAt}): RE2 stops as soon as no match
   * can continue, usually after a few characters. Merged windows (dense hits) are searched
   * unanchored, which is linear in the window however many hits it holds.
   */
  private void runRule(Rule r, String text, int s, int e, boolean anchored, List<Finding> out) {
    Matcher m = r.pattern().matcher(new Slice(text, s, e));
    if (anchored) {
      regexChars.add(e - s);
      if (m.lookingAt()) {
        report(r, text, s, m, out);
      }
      return;
    }
    regexChars.add(e - s);
    int pos = 0;
    while (pos <= e - s && m.find(pos)) {
      pos = m.end() > m.start() ? m.end() : m.end() + 1;
      report(r, text, s, m, out);
    }
  }

  private void report(Rule r, String text, int s, Matcher m, List<Finding> out) {
    {
      int ms = m.start();
      int me = m.end();
      int gs = m.start(r.group());
      int ge = m.end(r.group());
      if (gs < 0 || ge <= gs) {
        return;
      }
      int limit = r.before() + r.after();
      if (r.type().equals("private_key")) {
        ge = keyBlockEnd(text, s + ge, Math.min(text.length(), s + gs + limit)) - s;
      }
      if (ge - gs > limit) {
        ge = gs + limit; // an open-ended repetition ran across a merged window: report the bounded part
      }
      if (r.boundary() && (isWordBefore(text, s + ms - 1) || isWord(text, s + me))) {
        return;
      }
      String value = text.subSequence(s + gs, s + ge).toString();
      if (!r.check().test(value)) {
        return;
      }
      out.add(new Finding(Rules.refine(r, m), s + gs, s + ge, r.confidence(), r.action(), null));
    }
  }

  /**
   * For the generic assignment rules (which fire on common words), reads the value the way the
   * pattern would and applies the rule's check before any regex runs: most assignments in code
   * ({@code token = request.headers.get(...)}) are rejected here in a few nanoseconds.
   */
  private static boolean valueMayPass(Rule r, String t, int i, int to) {
    boolean keyClass;
    int min;
    int max;
    switch (r.type()) {
      case "password_assignment" -> { keyClass = false; min = 6; max = 128; }
      case "secret_assignment" -> { keyClass = false; min = 8; max = 256; }
      case "api_key_assignment" -> { keyClass = true; min = 16; max = 256; }
      case "credential_assignment" -> { keyClass = true; min = 20; max = 256; }
      default -> {
        return true;
      }
    }
    for (int k = 0; k < 4 && i < to && (t.charAt(i) == ' ' || t.charAt(i) == '\t'); k++) {
      i++;
    }
    if (i < to && t.charAt(i) == '\\') {
      i++;
    }
    if (i < to && (t.charAt(i) == '"' || t.charAt(i) == '\'' || t.charAt(i) == '`')) {
      i++;
    } else if (i + 1 < to && Character.isLetter(t.charAt(i)) && (t.charAt(i + 1) == '"' || t.charAt(i + 1) == '\'')) {
      i += 2;
    }
    int s = i;
    int limit = Math.min(to, i + max);
    while (i < limit && valueChar(t.charAt(i), keyClass)) {
      i++;
    }
    return i - s >= min && r.check().test(t.substring(s, i));
  }

  private static boolean valueChar(char c, boolean keyClass) {
    if (keyClass) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '_' || c == '.' || c == '/' || c == '+' || c == '=' || c == '~' || c == '-';
    }
    return !(Character.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == ';' || c == ',' || c == '<'
        || c == '>' || c == '{' || c == '}' || c == '(' || c == ')' || c == '[' || c == ']' || c == '\\');
  }

  /**
   * The index just after an assignment operator that follows at most 24 name characters, an optional
   * quote and blanks; -1 if there is none.
   */
  static int assignmentEnd(String t, int i, int to) {
    int limit = Math.min(to, i + 24);
    while (i < limit) {
      char c = t.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
        i++;
      } else {
        break;
      }
    }
    if (i < to && t.charAt(i) == '\\') {
      i++;
    }
    if (i < to && (t.charAt(i) == '"' || t.charAt(i) == '\'' || t.charAt(i) == '`')) {
      i++;
    }
    for (int k = 0; k < 4 && i < to && (t.charAt(i) == ' ' || t.charAt(i) == '\t'); k++) {
      i++;
    }
    if (i >= to) {
      return -1;
    }
    char c = t.charAt(i);
    if (c == '+' && i + 1 < to && t.charAt(i + 1) == '=') {
      return i + 2;
    }
    if (c == ':' && i + 1 < to && t.charAt(i + 1) == '=') {
      return i + 2;
    }
    if (c == '=' && i + 1 < to && t.charAt(i + 1) == '>') {
      return i + 2;
    }
    return c == '=' || c == ':' ? i + 1 : -1;
  }

  private static final com.google.re2j.Pattern KEY_END =
      com.google.re2j.Pattern.compile("-----END [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----");

  /**
   * The end of a private key block whose BEGIN line ends at {@code i}: just after its END line when
   * one follows within {@code limit}, else after the body (base64, blank space, {@code \\n} escapes,
   * PEM headers such as {@code DEK-Info: AES-128-CBC,...}). Hand-written: RE2's NFA over a 3 KB body
   * cost ~100 ns per character.
   */
  static int keyBlockEnd(String t, int i, int limit) {
    int j = i;
    while (j < limit) {
      char c = t.charAt(j);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
          || c == ':' || c == ',' || c == '.' || Character.isWhitespace(c)) {
        j++;
      } else if (c == '\\' && j + 1 < limit && (t.charAt(j + 1) == 'n' || t.charAt(j + 1) == 'r')) {
        j += 2;
      } else if (c == '-' && j + 1 < limit && t.charAt(j + 1) != '-') {
        j++;
      } else {
        break;
      }
    }
    if (t.startsWith("-----END", j)) {
      Matcher m = KEY_END.matcher(new Slice(t, j, Math.min(limit, j + 60)));
      if (m.lookingAt()) {
        return j + m.end();
      }
    }
    // No END line: cover the body, without trailing blank space.
    while (j > i && Character.isWhitespace(t.charAt(j - 1))) {
      j--;
    }
    return j;
  }

  /** Like {@link #isWord}, but the letter of an escape such as {@code \n} or {@code \t} is a separator. */
  private static boolean isWordBefore(String t, int i) {
    if (!isWord(t, i)) {
      return false;
    }
    if (i >= 1 && t.charAt(i - 1) == '\\') {
      char c = t.charAt(i);
      return !(c == 'n' || c == 'r' || c == 't' || c == 'b' || c == 'f');
    }
    return true;
  }

  private static boolean isWord(String t, int i) {
    if (i < 0 || i >= t.length()) {
      return false;
    }
    char c = t.charAt(i);
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static boolean regionEquals(String t, int start, String lit) {
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
  record Slice(String text, int from, int to) implements CharSequence {
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
      return text.substring(from, to);
    }
  }
}
