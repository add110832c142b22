package dev.ironclaw4j.guard.safety;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * Builds detection views of untrusted content. A view is never shown to anyone; it only makes
 * obfuscated text look like what it means, keeping a map back to the original offsets:
 *
 * <ul>
 *   <li>invisible characters (zero-width, bidi controls, tag characters, variation selectors, soft
 *       hyphen, ...) are dropped;
 *   <li>each base character with its combining marks is NFKC-normalized (fullwidth and mathematical
 *       letters become ASCII) and lower-cased; Latin and Greek letters lose their diacritics, Arabic
 *       loses its optional vowel marks;
 *   <li>runs of white space become one space, or one newline if they contain a line break;
 *   <li>optionally HTML character references are decoded and given ranges (tags) read as a space;
 *   <li>optionally ({@code fold}) lookalike letters from other scripts become the Latin letter they
 *       imitate, and leetspeak inside words ({@code 1gn0r3}) becomes letters.
 * </ul>
 */
final class Views {
  private Views() {}

  static TextView build(String name, String s, boolean fold, boolean decodeEntities, List<int[]> skip) {
    int n = s.length();
    StringBuilder out = new StringBuilder(Math.min(n, 1 << 24));
    IntList from = new IntList(n);
    IntList to = new IntList(n);
    int skipIdx = 0;
    int i = 0;
    while (i < n) {
      if (skip != null && skipIdx < skip.size()) {
        int[] r = skip.get(skipIdx);
        if (r[1] <= i) {
          skipIdx++;
          continue;
        }
        if (r[0] <= i) {
          emitSpace(out, from, to, i, r[1], false);
          i = r[1];
          skipIdx++;
          continue;
        }
      }
      int cp = s.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (decodeEntities && cp == '&') {
        long ent = entity(s, i);
        if (ent >= 0) {
          cp = (int) (ent >>> 32);
          next = (int) ent;
        }
      }
      if (isInvisible(cp)) {
        i = next;
        continue;
      }
      if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
        emitSpace(out, from, to, i, next, true);
        i = next;
        continue;
      }
      // Gather the combining marks that belong to this base character (skipping invisibles inside).
      int end = next;
      StringBuilder cluster = null;
      while (end < n) {
        int m = s.codePointAt(end);
        if (isInvisible(m)) {
          end += Character.charCount(m);
          continue;
        }
        int type = Character.getType(m);
        if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK) {
          break;
        }
        if (cluster == null) {
          cluster = new StringBuilder().appendCodePoint(cp);
        }
        cluster.appendCodePoint(m);
        end += Character.charCount(m);
      }
      String unit = cluster == null ? null : cluster.toString();
      String norm;
      if (unit == null && cp < 0x80) {
        norm = null;
      } else {
        String u = unit == null ? new String(Character.toChars(cp)) : unit;
        norm = Normalizer.normalize(u, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        norm = stripMarks(norm, cp);
      }
      if (norm == null) {
        char c = (char) cp;
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c + 32);
        }
        if (c == ' ' || c == '\t' || c == '\f' || c == 0x0B) {
          emitSpace(out, from, to, i, end, false);
        } else {
          append(out, from, to, c, i, end);
        }
      } else {
        for (int k = 0; k < norm.length(); k++) {
          char c = norm.charAt(k);
          if (Character.isWhitespace(c) || c == 0xA0) {
            emitSpace(out, from, to, i, end, c == '\n');
          } else {
            append(out, from, to, fold ? Confusables.fold(c) : c, i, end);
          }
        }
      }
      i = end;
    }
    if (fold) {
      foldLeet(out);
    }
    return new TextView(name, out.toString(), from.toArray(), to.toArray(), n);
  }

  private static void append(StringBuilder out, IntList from, IntList to, char c, int s, int e) {
    out.append(c);
    from.add(s);
    to.add(e);
  }

  private static void emitSpace(StringBuilder out, IntList from, IntList to, int s, int e, boolean newline) {
    int last = out.length() - 1;
    if (last >= 0 && (out.charAt(last) == ' ' || out.charAt(last) == '\n')) {
      if (newline && out.charAt(last) == ' ') {
        out.setCharAt(last, '\n');
      }
      to.set(last, e);
      return;
    }
    append(out, from, to, newline ? '\n' : ' ', s, e);
  }

  private static String stripMarks(String norm, int base) {
    UnicodeScript script;
    try {
      script = UnicodeScript.of(base);
    } catch (IllegalArgumentException e) {
      return norm;
    }
    if (script == UnicodeScript.LATIN || script == UnicodeScript.GREEK || script == UnicodeScript.INHERITED
        || script == UnicodeScript.COMMON) {
      String d = Normalizer.normalize(norm, Normalizer.Form.NFD);
      StringBuilder b = new StringBuilder(d.length());
      for (int k = 0; k < d.length(); k++) {
        char c = d.charAt(k);
        if (Character.getType(c) != Character.NON_SPACING_MARK) {
          b.append(c);
        }
      }
      return b.toString();
    }
    if (script == UnicodeScript.ARABIC) {
      StringBuilder b = new StringBuilder(norm.length());
      for (int k = 0; k < norm.length(); k++) {
        char c = norm.charAt(k);
        if (!(c >= 0x064B && c <= 0x065F) && c != 0x0670 && c != 0x0640) {
          b.append(c);
        }
      }
      return b.toString();
    }
    return norm;
  }

  /** Characters that render as nothing (or only change direction) and can split or hide words. */
  static boolean isInvisible(int cp) {
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4
        || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F)
        || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164
        || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
        || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE007F)
        || (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0;
  }

  /** Leetspeak inside words: digits in a word that has letters, symbols between two letters. */
  private static void foldLeet(StringBuilder b) {
    int n = b.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(b.charAt(i))) {
        i++;
      }
      int s = i;
      boolean letter = false;
      boolean leet = false;
      while (i < n && !isSpace(b.charAt(i))) {
        char c = b.charAt(i);
        if (c >= 'a' && c <= 'z') {
          letter = true;
        } else if (leetOf(c) != 0) {
          leet = true;
        }
        i++;
      }
      if (letter && leet && i - s <= 40) {
        for (int k = s; k < i; k++) {
          char c = b.charAt(k);
          char m = leetOf(c);
          if (m == 0) {
            continue;
          }
          boolean digit = c >= '0' && c <= '9';
          boolean inner = k > s && k + 1 < i && isAlnum(b.charAt(k - 1)) && isAlnum(b.charAt(k + 1));
          if (digit || inner) {
            b.setCharAt(k, m);
          }
        }
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\n';
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static char leetOf(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1', '!' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7', '+' -> 't';
      case '8' -> 'b';
      case '9' -> 'g';
      case '|' -> 'l';
      default -> 0;
    };
  }

  /**
   * Decodes an HTML character reference at {@code i}: returns {@code (codePoint << 32) | endOffset},
   * or -1 when there is none.
   */
  private static long entity(String s, int i) {
    int n = s.length();
    int j = i + 1;
    int limit = Math.min(n, i + 12);
    if (j < n && s.charAt(j) == '#') {
      j++;
      boolean hex = j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
      if (hex) {
        j++;
      }
      int startDigits = j;
      long v = 0;
      while (j < limit && Character.digit(s.charAt(j), hex ? 16 : 10) >= 0) {
        v = v * (hex ? 16 : 10) + Character.digit(s.charAt(j), hex ? 16 : 10);
        j++;
      }
      if (j == startDigits || v > Character.MAX_CODE_POINT || v == 0) {
        return -1;
      }
      if (j < n && s.charAt(j) == ';') {
        j++;
      }
      return (v << 32) | j;
    }
    int e = j;
    while (e < limit && Character.isLetter(s.charAt(e))) {
      e++;
    }
    if (e >= n || s.charAt(e) != ';') {
      return -1;
    }
    int cp = switch (s.substring(j, e).toLowerCase(Locale.ROOT)) {
      case "amp" -> '&';
      case "lt" -> '<';
      case "gt" -> '>';
      case "quot" -> '"';
      case "apos" -> '\'';
      case "nbsp" -> ' ';
      case "shy" -> 0xAD;
      case "zwj" -> 0x200D;
      case "zwnj" -> 0x200C;
      case "colon" -> ':';
      case "sol" -> '/';
      case "lpar" -> '(';
      case "rpar" -> ')';
      case "lsqb", "lbrack" -> '[';
      case "rsqb", "rbrack" -> ']';
      default -> -1;
    };
    return cp < 0 ? -1 : ((long) cp << 32) | (e + 1);
  }

  /** A growable int array (avoids boxing for multi-megabyte inputs). */
  static final class IntList {
    private int[] a;
    private int size;

    IntList(int capacity) {
      a = new int[Math.max(16, Math.min(capacity, 1 << 24))];
    }

    void add(int v) {
      if (size == a.length) {
        a = java.util.Arrays.copyOf(a, a.length * 2);
      }
      a[size++] = v;
    }

    void set(int i, int v) {
      a[i] = v;
    }

    int[] toArray() {
      return java.util.Arrays.copyOf(a, size);
    }
  }
}
