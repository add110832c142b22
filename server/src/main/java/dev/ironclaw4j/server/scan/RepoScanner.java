package dev.ironclaw4j.server.scan;

import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.guard.leak.LeakScanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks files and directories for {@code ironclaw4j scan}: honours {@code .gitignore} files, never
 * enters {@code .git}, does not follow symbolic links, skips binary files (a NUL byte in the first 8 KiB)
 * and files over a size cap, and reports findings with line and column.
 */
public final class RepoScanner {
  /** One finding in one file. Columns are 1-based code points; offsets are UTF-16 chars. */
  public record FileFinding(Path path, int line, int column, int endLine, int endColumn, Finding finding) {}

  /** What was looked at. */
  public record Summary(int filesScanned, int skippedBinary, int skippedLarge, int skippedIgnored) {}

  private final LeakScanner scanner;
  private final long maxFileBytes;
  private final java.util.concurrent.atomic.AtomicInteger scanned = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger binary = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger large = new java.util.concurrent.atomic.AtomicInteger();
  private int ignoredCount;

  public RepoScanner(LeakScanner scanner, long maxFileBytes) {
    this.scanner = scanner;
    this.maxFileBytes = maxFileBytes;
  }

  public Summary summary() {
    return new Summary(scanned.get(), binary.get(), large.get(), ignoredCount);
  }

  /**
   * Scans a file or a directory tree. Files are scanned in parallel (the detector is thread-safe);
   * findings come back in path order.
   */
  public List<FileFinding> scan(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      GitIgnore gi = GitIgnore.empty();
      // .gitignore files of enclosing directories up to the repository root apply too.
      List<Path> parents = new ArrayList<>();
      for (Path p = root.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
        parents.addFirst(p);
        if (Files.isDirectory(p.resolve(".git"))) {
          break;
        }
      }
      if (!parents.isEmpty() && Files.isDirectory(parents.getFirst().resolve(".git"))) {
        for (Path p : parents) {
          gi = gi.with(p);
        }
      }
      walk(root.toAbsolutePath().normalize(), gi, files);
    } else {
      files.add(root);
    }
    List<List<FileFinding>> perFile = files.parallelStream().map(f -> {
      try {
        List<FileFinding> out = new ArrayList<>();
        scanFile(f, out);
        return out;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList();
    List<FileFinding> out = new ArrayList<>();
    perFile.forEach(out::addAll);
    return out;
  }

  private void walk(Path dir, GitIgnore parent, List<Path> out) throws IOException {
    GitIgnore gi = parent.with(dir);
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(entries::add);
    }
    entries.sort(null);
    for (Path p : entries) {
      boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      if (Files.isSymbolicLink(p) || isDir && p.getFileName().toString().equals(".git")) {
        continue;
      }
      if (gi.ignored(p, isDir)) {
        ignoredCount++;
        continue;
      }
      if (isDir) {
        walk(p, gi, out);
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        out.add(p);
      }
    }
  }

  private void scanFile(Path file, List<FileFinding> out) throws IOException {
    if (Files.size(file) > maxFileBytes) {
      large.incrementAndGet();
      return;
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(maxFileBytes, Integer.MAX_VALUE - 8));
    }
    int probe = Math.min(bytes.length, 8192);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        binary.incrementAndGet();
        return;
      }
    }
    scanned.incrementAndGet();
    // Malformed UTF-8 becomes U+FFFD (String's decoding replaces, never throws).
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<Finding> findings = scanner.scan(text);
    if (findings.isEmpty()) {
      return;
    }
    int line = 1;
    int col = 1;
    int pos = 0;
    for (Finding f : findings) {
      int[] s = advance(text, pos, f.start(), line, col);
      int[] e = advance(text, f.start(), f.end(), s[0], s[1]);
      out.add(new FileFinding(file, s[0], s[1], e[0], e[1], f));
      line = s[0];
      col = s[1];
      pos = f.start();
    }
  }

  private static int[] advance(String t, int from, int to, int line, int col) {
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c == '\n') {
        line++;
        col = 1;
      } else if (!Character.isLowSurrogate(c)) {
        col++;
      }
    }
    return new int[] {line, col};
  }
}
