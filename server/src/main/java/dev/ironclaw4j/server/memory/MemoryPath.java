package dev.ironclaw4j.server.memory;

import java.util.regex.Pattern;

/**
 * Names in the memory workspace: slash-separated segments of letters, digits, {@code . _ -}, such as
 * {@code identity/user.md}, {@code notes/build.md}, {@code daily/2026-11-23.md}. No absolute paths, no
 * empty, {@code .} or {@code ..} segments, at most {@value #MAX_LENGTH} characters and 16 levels: a name
 * is a key in the database, never a file system path, and cannot be made to look like one.
 */
public final class MemoryPath {
  public static final int MAX_LENGTH = 512;
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private MemoryPath() {}

  /** The path, validated; leading and trailing blanks removed. */
  public static String of(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new MemoryException("invalid-path", "a memory path is required, e.g. notes/build.md");
    }
    String p = raw.strip();
    if (p.length() > MAX_LENGTH) {
      throw new MemoryException("invalid-path", "memory path is longer than " + MAX_LENGTH + " characters");
    }
    String[] segments = p.split("/", -1);
    if (segments.length > 16) {
      throw new MemoryException("invalid-path", "memory path is deeper than 16 levels");
    }
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
        throw new MemoryException("invalid-path", "bad memory path '" + printable(p)
            + "': use segments of letters, digits, '.', '_' or '-' separated by '/', e.g. notes/build.md");
      }
    }
    return p;
  }

  /** A prefix for listing: empty (everything) or a path, optionally ending with '/'. */
  public static String prefix(String raw) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    String p = raw.strip();
    return p.endsWith("/") ? of(p.substring(0, p.length() - 1)) + "/" : of(p);
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }
}
