package dev.ironclaw4j.server.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document on its structure: markdown headings start a new chunk, fenced code blocks stay
 * whole, paragraphs (separated by blank lines) are packed together up to {@code maxChars}. When a
 * section is cut because it is too long, the next chunk repeats the last paragraph of the previous one
 * if it is at most {@code overlapChars} long, so a fact at a boundary is found from either side. A single
 * block longer than {@code maxChars} is cut at line boundaries (a single over-long line at character
 * boundaries). Line numbers are 1-based and inclusive.
 */
public final class Chunker {
  private final int maxChars;
  private final int overlapChars;

  public Chunker(int maxChars, int overlapChars) {
    if (maxChars < 64 || overlapChars < 0 || overlapChars >= maxChars) {
      throw new IllegalArgumentException("need maxChars >= 64 and 0 <= overlapChars < maxChars");
    }
    this.maxChars = maxChars;
    this.overlapChars = overlapChars;
  }

  /** A block of consecutive lines that belongs together. */
  record Block(int start, int end, String text, boolean heading) {}

  public List<Chunk> chunk(String content) {
    List<Block> blocks = new ArrayList<>();
    for (Block b : blocks(content.split("\n", -1))) {
      blocks.addAll(split(b));
    }
    List<Chunk> out = new ArrayList<>();
    List<Block> cur = new ArrayList<>();
    int size = 0;
    for (Block b : blocks) {
      boolean full = size > 0 && size + 1 + b.text().length() > maxChars;
      if (!cur.isEmpty() && (b.heading() || full)) {
        out.add(emit(out.size(), cur));
        Block last = cur.getLast();
        cur = new ArrayList<>();
        size = 0;
        if (!b.heading() && !last.heading() && last.text().length() <= overlapChars
            && last.text().length() + 1 + b.text().length() <= maxChars) {
          cur.add(last);
          size = last.text().length();
        }
      }
      cur.add(b);
      size += (size == 0 ? 0 : 1) + b.text().length();
    }
    if (!cur.isEmpty()) {
      out.add(emit(out.size(), cur));
    }
    return out;
  }

  private static Chunk emit(int ordinal, List<Block> blocks) {
    StringBuilder b = new StringBuilder();
    for (Block x : blocks) {
      if (!b.isEmpty()) {
        b.append('\n');
      }
      b.append(x.text());
    }
    return new Chunk(ordinal, blocks.getFirst().start(), blocks.getLast().end(), b.toString());
  }

  /** Headings, fenced code blocks and paragraphs; blank lines dropped. */
  static List<Block> blocks(String[] lines) {
    List<Block> out = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String line = stripCr(lines[i]);
      String t = line.strip();
      if (t.isEmpty()) {
        i++;
      } else if (t.startsWith("```") || t.startsWith("~~~")) {
        String fence = t.substring(0, 3);
        int j = i + 1;
        while (j < lines.length && !stripCr(lines[j]).strip().startsWith(fence)) {
          j++;
        }
        int end = Math.min(j, lines.length - 1);
        out.add(new Block(i + 1, end + 1, join(lines, i, end), false));
        i = end + 1;
      } else if (t.matches("#{1,6}(\\s.*)?")) {
        out.add(new Block(i + 1, i + 1, line, true));
        i++;
      } else {
        int j = i;
        while (j + 1 < lines.length) {
          String n = stripCr(lines[j + 1]).strip();
          if (n.isEmpty() || n.startsWith("```") || n.startsWith("~~~") || n.matches("#{1,6}(\\s.*)?")) {
            break;
          }
          j++;
        }
        out.add(new Block(i + 1, j + 1, join(lines, i, j), false));
        i = j + 1;
      }
    }
    return out;
  }

  /** A block cut into pieces of at most maxChars, at line boundaries where possible. */
  private List<Block> split(Block b) {
    if (b.text().length() <= maxChars) {
      return List.of(b);
    }
    List<Block> out = new ArrayList<>();
    String[] lines = b.text().split("\n", -1);
    StringBuilder cur = new StringBuilder();
    int start = b.start();
    for (int k = 0; k < lines.length; k++) {
      int lineNo = b.start() + k;
      String l = lines[k];
      while (l.length() > maxChars) {
        if (!cur.isEmpty()) {
          out.add(new Block(start, lineNo - 1 < start ? start : lineNo - 1, cur.toString(), false));
          cur.setLength(0);
        }
        out.add(new Block(lineNo, lineNo, l.substring(0, maxChars), false));
        l = l.substring(maxChars);
        start = lineNo;
      }
      if (!cur.isEmpty() && cur.length() + 1 + l.length() > maxChars) {
        out.add(new Block(start, lineNo - 1, cur.toString(), false));
        cur.setLength(0);
      }
      if (cur.isEmpty()) {
        start = lineNo;
      } else {
        cur.append('\n');
      }
      cur.append(l);
    }
    if (!cur.isEmpty()) {
      out.add(new Block(start, b.start() + lines.length - 1, cur.toString(), false));
    }
    return out;
  }

  private static String join(String[] lines, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int k = from; k <= to; k++) {
      if (k > from) {
        b.append('\n');
      }
      b.append(stripCr(lines[k]));
    }
    return b.toString();
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
