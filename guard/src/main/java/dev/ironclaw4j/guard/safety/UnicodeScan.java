package dev.ironclaw4j.guard.safety;

/**
 * Unicode tricks in the original text:
 *
 * <ul>
 *   <li>tag characters (U+E0000 block) outside a valid emoji tag sequence (a black flag followed by
 *       tag letters and a cancel tag, e.g. the flag of England) — "ASCII smuggling": they are
 *       invisible to the user but many models read them. The hidden ASCII is decoded and inspected;
 *   <li>bidi embedding, override and isolate controls (recorded, low severity);
 *   <li>zero-width characters inside Latin words (recorded, low severity; detection views drop them,
 *       so a phrase split by them is still found by the phrase rules).
 * </ul>
 */
final class UnicodeScan {
  private UnicodeScan() {}

  private static final int MAX_LOW = 32;

  static void scan(String s, Findings out, Detector.Inner inner) {
    int n = s.length();
    int low = 0;
    int i = 0;
    while (i < n && !out.full()) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      if (cp >= 0xE0000 && cp <= 0xE007F) {
        int start = i;
        int end = i;
        StringBuilder ascii = new StringBuilder();
        while (end < n) {
          int c = s.codePointAt(end);
          if (c < 0xE0000 || c > 0xE007F) {
            break;
          }
          if (c >= 0xE0020 && c <= 0xE007E && ascii.length() < Encoded.MAX_RUN) {
            ascii.append((char) (c - 0xE0000));
          }
          end += Character.charCount(c);
        }
        if (!isEmojiTagSequence(s, start, end)) {
          SafetyFinding f = new SafetyFinding("unicode.tag-smuggling", Family.UNICODE, Severity.HIGH, start, end,
              "tag-chars", true, "invisible tag characters spelling: " + preview(ascii));
          out.add(new Hit(f, start, end, ""));
          if (inner != null && ascii.length() > 0) {
            Findings found = inner.inspect(ascii.toString());
            for (Hit h : found.hits) {
              SafetyFinding g = h.finding();
              if (g.severity().atLeast(Severity.MEDIUM)) {
                out.add(new Hit(g.at(start, end, "tag-chars").asHidden("tag characters"), start, end, ""));
              }
            }
          }
        }
        i = end;
        continue;
      }
      if (low < MAX_LOW && ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))) {
        low++;
        out.add(new Hit(new SafetyFinding("unicode.bidi-control", Family.UNICODE, Severity.LOW, i, i + len, "verbatim",
            true, String.format("U+%04X", cp)), i, i + len, ""));
      } else if (low < MAX_LOW && isZeroWidth(cp) && i > 0 && i + len < n
          && isLatinLetter(s.charAt(i - 1)) && isLatinLetter(s.charAt(i + len))) {
        low++;
        out.add(new Hit(new SafetyFinding("unicode.invisible-in-word", Family.UNICODE, Severity.LOW, i, i + len,
            "verbatim", true, String.format("U+%04X", cp)), i, i + len, ""));
      }
      i += len;
    }
  }

  private static boolean isZeroWidth(int cp) {
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0x180E;
  }

  private static boolean isLatinLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * A valid emoji tag sequence: U+1F3F4 WAVING BLACK FLAG, then 1 to 10 tag letters or digits, then
   * U+E007F CANCEL TAG (Unicode TS #51, e.g. 🏴 + gbeng + cancel = England).
   */
  static boolean isEmojiTagSequence(String s, int start, int end) {
    if (start < 2 || s.codePointBefore(start) != 0x1F3F4) {
      return false;
    }
    int count = 0;
    int i = start;
    while (i < end) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c == 0xE007F) {
        return i == end && count >= 1;
      }
      boolean ok = (c >= 0xE0061 && c <= 0xE007A) || (c >= 0xE0030 && c <= 0xE0039);
      if (!ok || ++count > 10) {
        return false;
      }
    }
    return false;
  }

  private static String preview(CharSequence ascii) {
    String p = ascii.length() > 60 ? ascii.subSequence(0, 60) + "..." : ascii.toString();
    StringBuilder b = new StringBuilder(p.length());
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
