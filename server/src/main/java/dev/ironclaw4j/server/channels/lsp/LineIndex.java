package dev.ironclaw4j.server.channels.lsp;

import java.util.Arrays;
import org.eclipse.lsp4j.Position;

/**
 * Converts between UTF-16 offsets in a document (what the leak detector reports) and LSP positions
 * (line, UTF-16 character). Lines end at {@code \n}, {@code \r\n} or {@code \r}, as LSP defines.
 */
final class LineIndex {
  private final int[] starts;
  private final int[] ends;
  private final int lines;

  LineIndex(CharSequence text) {
    int n = text.length();
    int[] s = new int[16];
    int[] e = new int[16];
    int count = 0;
    int lineStart = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (count == s.length) {
          s = Arrays.copyOf(s, count * 2);
          e = Arrays.copyOf(e, count * 2);
        }
        s[count] = lineStart;
        e[count] = i;
        count++;
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        lineStart = i + 1;
      }
    }
    if (count == s.length) {
      s = Arrays.copyOf(s, count + 1);
      e = Arrays.copyOf(e, count + 1);
    }
    s[count] = lineStart;
    e[count] = n;
    count++;
    this.starts = s;
    this.ends = e;
    this.lines = count;
  }

  Position position(int offset) {
    int idx = Arrays.binarySearch(starts, 0, lines, offset);
    int line = idx >= 0 ? idx : -idx - 2;
    line = Math.max(0, Math.min(line, lines - 1));
    return new Position(line, Math.min(offset, ends[line]) - starts[line]);
  }

  /** The offset of a position; a character past the end of its line means the line's end. */
  int offset(Position p) {
    int line = Math.max(0, Math.min(p.getLine(), lines - 1));
    if (p.getLine() >= lines) {
      return ends[lines - 1];
    }
    return Math.min(starts[line] + Math.max(0, p.getCharacter()), ends[line]);
  }

  int lineStart(int offset) {
    return starts[position(offset).getLine()];
  }

  int lineEnd(int offset) {
    return ends[position(offset).getLine()];
  }
}
