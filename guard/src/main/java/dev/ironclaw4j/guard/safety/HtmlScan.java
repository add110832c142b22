package dev.ironclaw4j.guard.safety;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A lenient, single-pass look at HTML: where the tags are (so a view can read the visible text) and
 * which regions a human would not see in a browser: comments, {@code display:none},
 * {@code visibility:hidden}, the {@code hidden} attribute, {@code aria-hidden="true"}, zero font size
 * or opacity, text moved off-screen, and text whose colour equals its background (or white text with
 * no background, which is white-on-white on the default page). Not a conforming parser: it needs to
 * be right about what matters for hiding text, and linear on any input.
 */
final class HtmlScan {
  /** A region {@code [start, end)} of the original, hidden for the reason {@code kind}. */
  record Region(int start, int end, String kind) {}

  private static final Pattern LOOKS_LIKE_HTML = Pattern.compile(
      "(?i)<(?:!--|!doctype|html|head|body|div|span|p|a|img|table|section|article|ul|li|br|style|script|font|meta|h[1-6])[\\s>/]");
  private static final Pattern HIDDEN_ATTR = Pattern.compile("(?i)\\s(?:hidden(?:\\s*=\\s*[\"']?[a-z]*[\"']?)?(?:[\\s/>]|$)|aria-hidden\\s*=\\s*[\"']?true)");
  private static final Pattern HIDDEN_STYLE = Pattern.compile(
      "(?i)(display\\s*:\\s*none|visibility\\s*:\\s*(?:hidden|collapse)|font-size\\s*:\\s*0(?:\\.0+)?(?:px|pt|em|rem|%)?\\s*(?:[;\"'!]|$)"
          + "|opacity\\s*:\\s*0(?:\\.0+)?\\s*(?:[;\"'!]|$)|(?:left|top|text-indent|margin-left)\\s*:\\s*-\\d{3,}"
          + "|clip\\s*:\\s*rect\\(\\s*0|max-height\\s*:\\s*0(?:px)?\\s*[;\"'])");
  private static final Pattern COLOR = Pattern.compile("(?i)(?:^|[;\\s\"'{])(color|background-color|background)\\s*:\\s*([^;\"'}]+)");
  private static final Set<String> VOID = Set.of(
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param");

  final List<Region> hidden = new ArrayList<>();
  /** Sorted, disjoint ranges a reader of the rendered page does not see as text (tags, comments, scripts). */
  final List<int[]> markup = new ArrayList<>();

  private HtmlScan() {}

  static boolean looksLikeHtml(String s) {
    return LOOKS_LIKE_HTML.matcher(s).find();
  }

  private record Open(String name, int start, String hiddenKind) {}

  static HtmlScan scan(String s) {
    HtmlScan h = new HtmlScan();
    Deque<Open> stack = new ArrayDeque<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      int lt = s.indexOf('<', i);
      if (lt < 0 || lt + 1 >= n) {
        break;
      }
      if (s.startsWith("<!--", lt)) {
        int close = s.indexOf("-->", lt + 4);
        int end = close < 0 ? n : close + 3;
        h.hidden.add(new Region(lt, end, "comment"));
        h.markup.add(new int[] {lt, end});
        i = end;
        continue;
      }
      char c = s.charAt(lt + 1);
      if (!(Character.isLetter(c) || c == '/' || c == '!' || c == '?')) {
        i = lt + 1;
        continue;
      }
      int gt = s.indexOf('>', lt);
      if (gt < 0) {
        break;
      }
      int tagEnd = gt + 1;
      h.markup.add(new int[] {lt, tagEnd});
      boolean closing = c == '/';
      String name = tagName(s, closing ? lt + 2 : lt + 1, gt);
      if (closing) {
        int depth = 0;
        for (Open o : stack) {
          if (o.name.equals(name)) {
            while (!stack.isEmpty()) {
              Open top = stack.pop();
              if (top.hiddenKind != null) {
                h.hidden.add(new Region(top.start, tagEnd, top.hiddenKind));
              }
              if (top == o) {
                break;
              }
            }
            break;
          }
          if (++depth > 64) {
            break;
          }
        }
        i = tagEnd;
        continue;
      }
      if (name.equals("script") || name.equals("style") || name.equals("template") || name.equals("noscript")) {
        int close = indexOfIgnoreCase(s, "</" + name, tagEnd);
        int closeGt = close < 0 ? -1 : s.indexOf('>', close);
        int end = closeGt < 0 ? n : closeGt + 1;
        h.markup.set(h.markup.size() - 1, new int[] {lt, end});
        h.hidden.add(new Region(lt, end, name));
        i = end;
        continue;
      }
      boolean selfClosing = gt > lt && s.charAt(gt - 1) == '/';
      if (!VOID.contains(name) && !selfClosing && !name.isEmpty() && c != '!' && c != '?' && stack.size() < 256) {
        stack.push(new Open(name, lt, hiddenKind(s.substring(lt, gt))));
      }
      i = tagEnd;
    }
    while (!stack.isEmpty()) {
      Open o = stack.pop();
      if (o.hiddenKind != null) {
        h.hidden.add(new Region(o.start, n, o.hiddenKind));
      }
    }
    h.hidden.sort((a, b) -> a.start != b.start ? Integer.compare(a.start, b.start) : Integer.compare(b.end, a.end));
    return h;
  }

  /** The innermost-first hidden region containing {@code [start, end)}, or null. Outermost wins. */
  Region hiddenRegion(int start, int end) {
    for (Region r : hidden) {
      if (r.start > start) {
        break;
      }
      if (r.start <= start && end <= r.end) {
        return r;
      }
    }
    return null;
  }

  private static String tagName(String s, int from, int gt) {
    int e = from;
    while (e < gt && e - from < 32 && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '-' || s.charAt(e) == ':')) {
      e++;
    }
    return s.substring(from, e).toLowerCase(Locale.ROOT);
  }

  static String hiddenKind(String tag) {
    if (tag.length() > 8192) {
      tag = tag.substring(0, 8192);
    }
    if (HIDDEN_ATTR.matcher(tag).find()) {
      return tag.toLowerCase(Locale.ROOT).contains("aria-hidden") ? "aria-hidden" : "hidden attribute";
    }
    Matcher m = HIDDEN_STYLE.matcher(tag);
    if (m.find()) {
      return m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }
    String fg = null;
    String bg = null;
    Matcher cm = COLOR.matcher(tag);
    while (cm.find()) {
      String v = color(cm.group(2));
      if (cm.group(1).equalsIgnoreCase("color")) {
        fg = v;
      } else {
        bg = v;
      }
    }
    if (fg != null && bg != null && fg.equals(bg)) {
      return "same colour as background";
    }
    if (fg != null && bg == null && fg.equals("white")) {
      return "white text";
    }
    return null;
  }

  private static String color(String v) {
    String c = v.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("!important", "");
    return switch (c) {
      case "#fff", "#ffffff", "#ffff", "#ffffffff", "white", "rgb(255,255,255)", "rgba(255,255,255,1)" -> "white";
      case "#000", "#000000", "black", "rgb(0,0,0)" -> "black";
      default -> c;
    };
  }

  private static int indexOfIgnoreCase(String s, String needle, int from) {
    int n = s.length() - needle.length();
    for (int i = from; i <= n; i++) {
      if (s.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return -1;
  }
}
