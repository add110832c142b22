package dev.ironclaw4j.guard.leak;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A decoded view of part of the text (URL-decoded, JSON-unescaped, or one base64 run decoded) with a
 * map from view offsets back to offsets in the original. {@code map[i]} is where view character
 * {@code i} came from; {@code map[length]} is the end of the decoded region.
 */
record View(String text, int[] map, int base64Start) {
  /** Longest base64 run that is decoded; longer runs are not decoded (images, bundles). */
  static final int MAX_BASE64_RUN = 64 * 1024;
  /** Shortest base64 run that is decoded. */
  static final int MIN_BASE64_RUN = 24;
  /** Total base64 characters decoded per chunk. */
  static final int BASE64_BUDGET = 1024 * 1024;

  int originalStart(int viewStart) {
    return map[viewStart];
  }

  /** End offsets in base64 round up to the character that holds the last decoded bit. */
  int originalEnd(int viewEnd) {
    if (base64Start >= 0 && viewEnd < text.length()) {
      return base64Start + (viewEnd * 4 + 2) / 3;
    }
    return map[viewEnd];
  }

  /** Characters around an escape that are decoded and scanned again (longer than most tokens). */
  static final int REGION_PAD = 2048;

  /**
   * Merged regions {@code [start, end)} (as pairs) of {@link #REGION_PAD} characters around each
   * {@code %XX}, {@code \/} and {@code \\uXXXX} in {@code text[from, to)}; empty when there is none.
   */
  static int[] escapeRegions(String t, int from, int to) {
    int[] out = new int[8];
    int n = 0;
    for (int i = from; i + 2 < to; i++) {
      char c = t.charAt(i);
      boolean esc = c == '%' && hex(t.charAt(i + 1)) >= 0 && hex(t.charAt(i + 2)) >= 0
          || c == '\\' && (t.charAt(i + 1) == '/' || t.charAt(i + 1) == 'u' && hex(t.charAt(i + 2)) >= 0);
      if (!esc) {
        continue;
      }
      int s = Math.max(from, i - REGION_PAD);
      int e = Math.min(to, i + REGION_PAD);
      if (n > 0 && s <= out[n - 1]) {
        out[n - 1] = Math.max(out[n - 1], e);
      } else {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, n * 2);
        }
        out[n++] = s;
        out[n++] = e;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** The URL-decoded view of {@code text[from, to)}, or null when it has no {@code %XX}. */
  static View urlDecoded(String t, int from, int to) {
    StringBuilder sb = null;
    int[] map = null;
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      int decoded = -1;
      if (c == '%' && i + 2 < to) {
        int h = hex(t.charAt(i + 1));
        int l = hex(t.charAt(i + 2));
        if (h >= 0 && l >= 0) {
          decoded = h * 16 + l;
        }
      }
      if (decoded >= 0 && sb == null) {
        sb = new StringBuilder(to - from);
        map = new int[to - from + 1];
        for (int j = from; j < i; j++) {
          sb.append(t.charAt(j));
          map[n++] = j;
        }
      }
      if (sb != null) {
        map[n++] = i;
        if (decoded >= 0) {
          sb.append((char) decoded);
          i += 2;
        } else {
          sb.append(c);
        }
      }
    }
    if (sb == null) {
      return null;
    }
    map[n] = to;
    return new View(sb.toString(), map, -1);
  }

  /** The JSON-unescaped view of {@code text[from, to)}, or null when it has no backslash escape. */
  static View jsonUnescaped(String t, int from, int to) {
    StringBuilder sb = null;
    int[] map = null;
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      int decoded = -1;
      int len = 1;
      if (c == '\\' && i + 1 < to) {
        char e = t.charAt(i + 1);
        len = 2;
        switch (e) {
          case '"', '\\', '/' -> decoded = e;
          case 'n' -> decoded = '\n';
          case 'r' -> decoded = '\r';
          case 't' -> decoded = '\t';
          case 'b' -> decoded = '\b';
          case 'f' -> decoded = '\f';
          case 'u' -> {
            if (i + 5 < to) {
              int v = 0;
              for (int k = 2; k < 6 && v >= 0; k++) {
                int h = hex(t.charAt(i + k));
                v = h < 0 ? -1 : v * 16 + h;
              }
              decoded = v;
              len = 6;
            }
          }
          default -> decoded = -1;
        }
      }
      if (decoded >= 0 && sb == null) {
        sb = new StringBuilder(to - from);
        map = new int[to - from + 1];
        for (int j = from; j < i; j++) {
          sb.append(t.charAt(j));
          map[n++] = j;
        }
      }
      if (sb != null) {
        map[n++] = i;
        if (decoded >= 0) {
          sb.append((char) decoded);
          i += len - 1;
        } else {
          sb.append(c);
        }
      }
    }
    if (sb == null) {
      return null;
    }
    map[n] = to;
    return new View(sb.toString(), map, -1);
  }

  /**
   * Decoded views of base64 runs in {@code text[from, to)}: runs of {@value #MIN_BASE64_RUN} to
   * {@value #MAX_BASE64_RUN} base64 characters with upper case, lower case and digits, whose decoding
   * is mostly printable text (so images and compressed data are not scanned), within a total budget.
   */
  static List<View> base64Runs(String t, int from, int to) {
    List<View> out = new ArrayList<>();
    int budget = BASE64_BUDGET;
    // Probe every MIN_BASE64_RUN-th character: a run at least that long contains a probed position,
    // so text of short words costs one look per 24 characters. Expanding left never passes the
    // previous probe, so every character is read a bounded number of times.
    int i = from + MIN_BASE64_RUN - 1;
    int done = from;
    while (i < to && budget > 0) {
      if (!isB64(t.charAt(i))) {
        i += MIN_BASE64_RUN;
        continue;
      }
      int s = i;
      while (s > done && isB64(t.charAt(s - 1))) {
        s--;
      }
      int e = i + 1;
      while (e < to && isB64(t.charAt(e))) {
        e++;
      }
      done = e;
      i = e + MIN_BASE64_RUN;
      int len = e - s;
      if (len < MIN_BASE64_RUN || len > MAX_BASE64_RUN || len > budget || !mixed(t, s, e)) {
        continue;
      }
      budget -= len;
      View v = decode(t, s, e);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  private static boolean mixed(String t, int s, int e) {
    boolean up = false;
    boolean low = false;
    boolean dig = false;
    for (int k = s; k < e && !(up && low && dig); k++) {
      char d = t.charAt(k);
      up |= d >= 'A' && d <= 'Z';
      low |= d >= 'a' && d <= 'z';
      dig |= d >= '0' && d <= '9';
    }
    return up && low && dig;
  }

  private static View decode(String t, int s, int e) {
    int usable = (e - s) / 4 * 4;
    if (usable < MIN_BASE64_RUN) {
      return null;
    }
    char[] chars = new char[usable];
    for (int k = 0; k < usable; k++) {
      char c = t.charAt(s + k);
      chars[k] = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(new String(chars).getBytes(StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException ex) {
      return null;
    }
    int printable = 0;
    for (byte b : bytes) {
      int x = b & 0xff;
      if (x >= 0x20 && x < 0x7f || x == '\n' || x == '\r' || x == '\t') {
        printable++;
      }
    }
    if (printable < bytes.length * 0.95) {
      return null;
    }
    int[] map = new int[bytes.length + 1];
    for (int k = 0; k < bytes.length; k++) {
      map[k] = s + k / 3 * 4;
    }
    map[bytes.length] = s + usable;
    return new View(new String(bytes, StandardCharsets.ISO_8859_1), map, s);
  }

  private static boolean isB64(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_';
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
