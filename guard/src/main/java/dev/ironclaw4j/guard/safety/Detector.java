package dev.ironclaw4j.guard.safety;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs every rule over the detection views of a text, then the beacon, encoded-payload and Unicode
 * checks, then marks findings inside hidden HTML (more severe) and quoted mentions in prose (less
 * severe). Linear in the input: every pattern is RE2, decoding is bounded, hits are capped.
 */
final class Detector {
  private static final int MAX_DEPTH = 2;
  private static final String MENTION_CUES =
      "such as|like|e.g.|for example|for instance|phrase|string|payload|attack|injection|jailbreak|known as|called"
          + "|malicious|adversarial|example|classic|infamous|wrote|says|said|contain|tweet|quote|read:|text|prompt"
          + "|typing|typed|entered|reads|message";
  private static final String[] CUES = MENTION_CUES.split("\\|");

  private static final com.google.re2j.Pattern NEGATION = com.google.re2j.Pattern.compile(
      "\\b(?:never|not|don't|dont|shouldn't|avoid|refuse to|must not|cannot|can't)\\s+(?:\\w+\\s+)?$");

  private static final java.util.Set<String> ROT13_RULES = java.util.Set.of(
      Rules.IGNORE_ID, "override.prompt-extraction", "override.role-reassign", "exfil.send-data");

  private final Beacons beacons;

  Detector(List<String> allowedHosts) {
    this.beacons = new Beacons(allowedHosts);
  }

  /** Everything found in {@code content}, with cut spans in {@code content}'s offsets. */
  Findings detect(String content) {
    Findings out = new Findings();
    detect(content, 0, true, out);
    return out;
  }

  private void detect(String s, int depth, boolean topLevel, Findings out) {
    boolean isHtml = topLevel && HtmlScan.looksLikeHtml(s);
    HtmlScan html = isHtml ? HtmlScan.scan(s) : null;
    TextView nat = Views.build("normalized", s, false, isHtml, null);
    TextView fold = Views.build("normalized", s, true, isHtml, null);
    TextView vis = isHtml ? Views.build("html", s, true, true, html.markup) : null;
    Findings local = new Findings();
    Windows wNat = new Windows(nat);
    Windows wFold = new Windows(fold);
    Windows wVis = vis == null ? null : new Windows(vis);
    for (Rule rule : Rules.ALL) {
      if (!rule.latin() || rule.family() == Family.EXFILTRATION) {
        run(rule, wNat, s, local, rule.id());
      }
      if (rule.latin()) {
        run(rule, wFold, s, local, rule.id());
        if (wVis != null) {
          run(rule, wVis, s, local, rule.id());
        }
      }
      if (local.full()) {
        break;
      }
    }
    Windows wRot = new Windows(fold.rot13());
    for (Rule rule : Rules.ALL) {
      if (ROT13_RULES.contains(rule.id()) && "en".equals(rule.lang()) && !local.full()) {
        run(rule, wRot, s, local, "encoded.rot13");
      }
    }
    beacons.scan(s, local);
    if (depth < MAX_DEPTH) {
      Encoded.scan(s, local, decoded -> {
        Findings inner = new Findings();
        detect(decoded, depth + 1, false, inner);
        return inner;
      });
      UnicodeScan.scan(s, local, decoded -> {
        Findings inner = new Findings();
        detect(decoded, depth + 1, false, inner);
        return inner;
      });
    } else {
      UnicodeScan.scan(s, local, null);
    }
    for (Hit h : local.hits) {
      SafetyFinding f = h.finding();
      HtmlScan.Region r = html == null ? null : html.hiddenRegion(f.start(), f.end());
      if (r != null && f.severity().atLeast(Severity.MEDIUM)) {
        h = new Hit(f.asHidden(r.kind()), r.start(), r.end(), "[ironclaw4j removed hidden text (" + r.kind() + ")]");
      } else if (r == null && !f.hidden() && isMention(s, f)) {
        h = h.withFinding(f.withSeverity(Severity.INFO, "quoted mention, not an instruction"));
      }
      out.add(h);
    }
    if (out.truncated() || local.truncated()) {
      out.force(new Hit(new SafetyFinding("density.saturated", Family.OVERRIDE, Severity.CRITICAL, 0, s.length(),
          "verbatim", false, "more than " + Findings.CAP + " findings"), 0, s.length(), ""));
    }
    if (html != null) {
      int n = 0;
      for (HtmlScan.Region r : html.hidden) {
        if (n >= 32 || r.kind().equals("script") || r.kind().equals("style")) {
          continue;
        }
        if (visibleChars(s, r.start(), r.end()) >= 20) {
          n++;
          out.add(new Hit(new SafetyFinding("html.hidden-text", Family.HIDDEN, Severity.LOW, r.start(), r.end(), "html",
              true, "text a reader cannot see (" + r.kind() + ")"), r.start(), r.end(),
              "[ironclaw4j removed hidden text (" + r.kind() + ")]"));
        }
      }
    }
  }

  private static void run(Rule rule, Windows windows, String orig, Findings out, String ruleId) {
    TextView view = windows.view;
    for (int[] w : windows.of(rule)) {
      String text = w[0] == 0 && w[1] == view.text.length() ? view.text : view.text.substring(w[0], w[1]);
      Matcher m = rule.pattern().matcher(text);
      int from = 0;
      while (from <= text.length() && m.find(from) && !out.full()) {
        from = m.end() > m.start() ? m.end() : m.start() + 1;
        hit(rule, view, w[0] + m.start(), w[0] + m.end(), orig, out, ruleId);
      }
    }
  }

  private static void hit(Rule rule, TextView view, int vs, int ve, String orig, Findings out, String ruleId) {
    while (vs < ve && Character.isWhitespace(view.text.charAt(vs))) {
      vs++;
    }
    if (vs >= ve) {
      return;
    }
    int os = view.origStart(vs);
    int oe = view.origEnd(ve);
    if (rule.family() == Family.EXFILTRATION && negated(view.text, vs)) {
      return;
    }
    boolean rot = ruleId.equals("encoded.rot13");
    Severity sev = rot ? rule.severity().raise() : rule.severity();
    String via = rot ? "rot13" : view.name;
    String detail = rot ? "rot13 of " + rule.id() : (rule.lang() == null ? "" : "language " + rule.lang());
    SafetyFinding f = new SafetyFinding(ruleId, rot ? Family.ENCODED : rule.family(), sev, os, oe, via, false, detail);
    int cs = os;
    int ce = oe;
    if (rule.span() == Rule.Span.SENTENCE) {
      cs = sentenceStart(orig, os);
      ce = sentenceEnd(orig, oe);
      // Keep what leads the sentence but is not words (emoji, bullets, quotes, white space).
      while (cs < os && !Character.isLetterOrDigit(orig.codePointAt(cs))) {
        cs += Character.charCount(orig.codePointAt(cs));
      }
    }
    out.add(new Hit(f, cs, ce, replacement(rule)));
  }

  static String replacement(Rule rule) {
    return switch (rule.family()) {
      case ROLE_SPOOF -> rule.id().equals("role.wrapper-forgery")
          ? "[ironclaw4j removed fence-like text]"
          : "[ironclaw4j removed a spoofed " + (rule.id().equals("role.fake-tool-call") ? "tool call" : "chat role marker") + "]";
      case EXFILTRATION -> "[ironclaw4j removed a request to send data out]";
      case TOOL_HIJACK -> "[ironclaw4j removed a request to use tools]";
      case ENCODED -> "[ironclaw4j removed an encoded instruction]";
      default -> "[ironclaw4j removed an instruction aimed at the assistant]";
    };
  }

  /** "never send your token to ..." is advice, not an attack. */
  private static boolean negated(String view, int vs) {
    int from = Math.max(0, vs - 40);
    String before = view.substring(from, vs);
    int stop = Math.max(before.lastIndexOf('.'), before.lastIndexOf('\n'));
    if (stop >= 0) {
      before = before.substring(stop + 1);
    }
    return NEGATION.matcher(before).find();
  }

  private static boolean isTerminator(char c) {
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == '。' || c == '！' || c == '？' || c == '؟'
        || c == '<' || c == '>' || c == '\u0964';
  }

  static int sentenceStart(String s, int pos) {
    int limit = Math.max(0, pos - 300);
    int i = pos;
    while (i > limit && !isTerminator(s.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  static int sentenceEnd(String s, int pos) {
    int limit = Math.min(s.length(), pos + 300);
    int i = pos;
    while (i < limit && !isTerminator(s.charAt(i))) {
      i++;
    }
    if (i < limit && s.charAt(i) != '<' && s.charAt(i) != '\n') {
      i++;
    }
    return i;
  }

  /**
   * A match written inside quotes in prose that talks about attacks ("phrases such as 'ignore previous
   * instructions'") is a mention, not an instruction. Both are needed: the quotes and a cue word
   * before them in the same paragraph.
   */
  private static boolean isMention(String s, SafetyFinding f) {
    if (f.family() != Family.OVERRIDE && f.family() != Family.TOOL_HIJACK && f.family() != Family.EXFILTRATION
        && !f.ruleId().equals("role.chat-template-token")) {
      return false;
    }
    int quoteAt = openQuoteBefore(s, f.start());
    if (quoteAt < 0) {
      return false;
    }
    char open = s.charAt(quoteAt);
    int close = -1;
    for (int j = f.end(); j < Math.min(s.length(), f.end() + 300); j++) {
      char c = s.charAt(j);
      if (c == '\n') {
        break;
      }
      if (closes(open, c) && (c != '\'' || j + 1 >= s.length() || !Character.isLetter(s.charAt(j + 1)))) {
        close = j;
        break;
      }
    }
    if (close < 0) {
      return false;
    }
    int from = Math.max(0, quoteAt - 200);
    String before = s.substring(from, quoteAt).toLowerCase(Locale.ROOT);
    int para = before.lastIndexOf("\n\n");
    if (para >= 0) {
      before = before.substring(para);
    }
    for (String cue : CUES) {
      if (before.contains(cue)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The offset of the quote that opens a quotation containing {@code pos} on the same line (at most
   * 200 chars back), or -1. Straight double quotes and backticks count by parity; a single quote only
   * right before the match (apostrophes are too common).
   */
  private static int openQuoteBefore(String s, int pos) {
    int lineStart = Math.max(Math.max(0, pos - 200), s.lastIndexOf('\n', Math.max(0, pos - 1)) + 1);
    int lastDouble = -1;
    int doubles = 0;
    int lastTick = -1;
    int ticks = 0;
    int lastCurlyOpen = -1;
    int lastCurlyClose = -1;
    for (int i = lineStart; i < pos; i++) {
      char c = s.charAt(i);
      if (c == '"') {
        doubles++;
        lastDouble = i;
      } else if (c == '`') {
        ticks++;
        lastTick = i;
      } else if (c == '“' || c == '«' || c == '「' || c == '『' || c == '„') {
        lastCurlyOpen = i;
      } else if (c == '”' || c == '»' || c == '」' || c == '』') {
        lastCurlyClose = i;
      }
    }
    int best = -1;
    if (doubles % 2 == 1) {
      best = Math.max(best, lastDouble);
    }
    if (ticks % 2 == 1) {
      best = Math.max(best, lastTick);
    }
    if (lastCurlyOpen > lastCurlyClose) {
      best = Math.max(best, lastCurlyOpen);
    }
    int i = pos - 1;
    while (i >= lineStart && i >= pos - 3 && s.charAt(i) == ' ') {
      i--;
    }
    if (i >= lineStart && (s.charAt(i) == '\'' || s.charAt(i) == '‘')) {
      best = Math.max(best, i);
    }
    return best;
  }

  private static boolean closes(char open, char c) {
    return switch (open) {
      case '"' -> c == '"';
      case '`' -> c == '`';
      case '\'' -> c == '\'';
      case '‘' -> c == '’';
      case '“', '„' -> c == '”' || c == '“';
      case '«' -> c == '»';
      case '「' -> c == '」';
      case '『' -> c == '』';
      default -> false;
    };
  }

  private static int visibleChars(String s, int start, int end) {
    int n = 0;
    boolean inTag = false;
    for (int i = start; i < end && n < 20; i++) {
      char c = s.charAt(i);
      if (c == '<') {
        inTag = true;
      } else if (c == '>') {
        inTag = false;
      } else if (!inTag && !Character.isWhitespace(c) && c != '-' && c != '!') {
        n++;
      }
    }
    return n;
  }

  /** Decoded text to inner findings; used by the encoded and tag-character checks. */
  interface Inner {
    Findings inspect(String decoded);
  }

  static List<String> ruleIds(Findings f) {
    List<String> ids = new ArrayList<>();
    for (Hit h : f.hits) {
      if (!ids.contains(h.finding().ruleId())) {
        ids.add(h.finding().ruleId());
      }
    }
    return ids;
  }
}
