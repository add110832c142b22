package dev.ironclaw4j.server.scan;

import com.google.re2j.Pattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The common subset of {@code .gitignore}: globs ({@code *}, {@code ?}, {@code [...]}, {@code **}),
 * {@code !} negation, a trailing {@code /} for directories only, patterns anchored to the file's
 * directory when they contain a {@code /} (other than at the end), comments and escaped {@code \#}
 * and {@code \!}. The last matching pattern wins, deeper files after shallower ones, as in git.
 * Globs compile to RE2, so a hostile {@code .gitignore} in a scanned repository cannot cause
 * catastrophic backtracking.
 */
public final class GitIgnore {
  private record Rule(Path base, Pattern regex, boolean negate, boolean dirOnly) {}

  private final List<Rule> rules;

  private GitIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static GitIgnore empty() {
    return new GitIgnore(List.of());
  }

  /** This set plus the patterns of {@code dir/.gitignore} if it exists (at most 1 MiB is read). */
  public GitIgnore with(Path dir) throws IOException {
    Path f = dir.resolve(".gitignore");
    if (!Files.isRegularFile(f) || Files.size(f) > 1 << 20) {
      return this;
    }
    return withLines(dir, Files.readAllLines(f, StandardCharsets.UTF_8));
  }

  GitIgnore withLines(Path dir, List<String> lines) {
    List<Rule> all = new ArrayList<>(rules);
    for (String raw : lines) {
      String line = stripTrailingSpaces(raw);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negate = false;
      if (line.startsWith("!")) {
        negate = true;
        line = line.substring(1);
      } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
        line = line.substring(1);
      }
      boolean dirOnly = line.endsWith("/");
      if (dirOnly) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        continue;
      }
      boolean anchored = line.contains("/");
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      String re = (anchored || line.startsWith("**") ? "" : "(?:.*/)?") + globToRegex(line);
      all.add(new Rule(dir, Pattern.compile(re), negate, dirOnly));
    }
    return new GitIgnore(all);
  }

  /** Whether {@code path} (a file, or a directory when {@code isDir}) is ignored. */
  public boolean ignored(Path path, boolean isDir) {
    boolean ignored = false;
    for (Rule r : rules) {
      if (!path.startsWith(r.base) || r.dirOnly && !isDir) {
        continue;
      }
      String rel = r.base.relativize(path).toString().replace('\\', '/');
      if (rel.isEmpty()) {
        continue;
      }
      if (r.regex.matches(rel)) {
        ignored = !r.negate;
      }
    }
    return ignored;
  }

  static String globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean dbl = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
        if (dbl) {
          boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
          if (slashAfter) {
            sb.append("(?:.*/)?");
            i += 3;
          } else {
            sb.append(".*");
            i += 2;
          }
        } else {
          sb.append("[^/]*");
          i++;
        }
      } else if (c == '?') {
        sb.append("[^/]");
        i++;
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 2);
        if (close < 0) {
          sb.append("\\[");
          i++;
        } else {
          String body = glob.substring(i + 1, close);
          if (body.startsWith("!")) {
            body = "^" + body.substring(1);
          }
          sb.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = close + 1;
        }
      } else if (c == '\\' && i + 1 < glob.length()) {
        sb.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
        i += 2;
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    // "dir" also ignores everything below it when it names a directory: handled by not descending.
    return sb.toString();
  }

  private static String stripTrailingSpaces(String s) {
    int e = s.length();
    while (e > 0 && s.charAt(e - 1) == ' ' && !(e > 1 && s.charAt(e - 2) == '\\')) {
      e--;
    }
    return s.substring(0, e);
  }
}
