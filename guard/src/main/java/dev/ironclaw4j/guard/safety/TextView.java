package dev.ironclaw4j.guard.safety;

/**
 * A detection view of some content: a transformed string plus, for each of its characters, the span
 * {@code [from, to)} of the original content it came from. Detectors match on {@link #text} and report
 * spans in the original through {@link #origStart} and {@link #origEnd}.
 */
final class TextView {
  final String name;
  final String text;
  private final int[] from;
  private final int[] to;
  private final int origLength;

  TextView(String name, String text, int[] from, int[] to, int origLength) {
    this.name = name;
    this.text = text;
    this.from = from;
    this.to = to;
    this.origLength = origLength;
  }

  /** Original offset where view character {@code i} starts. */
  int origStart(int i) {
    if (text.isEmpty()) {
      return 0;
    }
    return i >= text.length() ? origLength : from[i];
  }

  /** Original offset just past view range ending (exclusive) at {@code end}. */
  int origEnd(int end) {
    if (end <= 0) {
      return 0;
    }
    return to[Math.min(end, text.length()) - 1];
  }

  /** The same view with every character mapped by {@code rot13} (letters only; same length). */
  TextView rot13() {
    char[] c = text.toCharArray();
    for (int i = 0; i < c.length; i++) {
      char x = c[i];
      if (x >= 'a' && x <= 'z') {
        c[i] = (char) ('a' + (x - 'a' + 13) % 26);
      }
    }
    return new TextView("rot13", new String(c), from, to, origLength);
  }
}
