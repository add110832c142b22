package dev.ironclaw4j.guard.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one sandboxed child sees of the file system, besides a read-only root and private {@code /tmp},
 * {@code /var/tmp}, {@code /run} and {@code /dev}: its work dir (writable, except {@code .git}, whose
 * hooks and config would run code outside the sandbox), and nothing of the hidden folders and files.
 * All paths are real paths, so a symbolic link cannot lead around a hidden one.
 */
record View(Path workDir, List<Path> readOnly, List<Path> hiddenDirs, List<Path> hiddenFiles) {
  /** Most entries of the work dir looked at for {@code .env} files; beyond it the start is refused. */
  static final int MAX_WALK_ENTRIES = 50_000;
  /** How deep below the work dir {@code .env} files are looked for. */
  static final int MAX_WALK_DEPTH = 8;
  private static final Set<String> NOT_WALKED = Set.of("node_modules", ".git", ".hg", ".svn");

  View {
    readOnly = List.copyOf(readOnly);
    hiddenDirs = List.copyOf(hiddenDirs);
    hiddenFiles = List.copyOf(hiddenFiles);
  }

  /** The view for a child working in {@code workDir}; refuses a work dir that would expose what is hidden. */
  static View of(SandboxPolicy policy, Path workDir) {
    return of(policy, workDir, MAX_WALK_ENTRIES);
  }

  static View of(SandboxPolicy policy, Path workDir, int maxWalkEntries) {
    Path work = realDirectory(workDir);
    Path userHome = real(policy.userHome());
    if (work.getNameCount() == 0 || userHome.startsWith(work)) {
      throw new SandboxException("work-dir-too-wide", "the work dir " + work
          + " holds the user's home, which would become writable in the sandbox; choose a project folder");
    }
    Set<Path> candidates = new LinkedHashSet<>();
    candidates.add(policy.ironclawHome());
    for (String location : SandboxPolicy.CREDENTIAL_LOCATIONS) {
      candidates.add(policy.userHome().resolve(location));
    }
    candidates.addAll(policy.alsoHidden());
    candidates.addAll(dotEnvFiles(work, maxWalkEntries));

    List<Path> dirs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (Path candidate : candidates) {
      if (!Files.exists(candidate)) {
        continue; // nothing there (or a dangling link): nothing to read
      }
      Path hidden = real(candidate);
      if (work.startsWith(hidden)) {
        throw new SandboxException("work-dir-hidden", "the work dir " + work + " lies in " + hidden
            + ", which the sandbox hides (the ironclaw4j home or a credential location); choose another folder");
      }
      (Files.isDirectory(hidden) ? dirs : files).add(hidden);
    }
    List<Path> readOnly = new ArrayList<>();
    if (Files.exists(work.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
      readOnly.add(work.resolve(".git"));
    }
    return new View(work, readOnly, withoutNested(dirs, dirs), withoutNested(files, dirs));
  }

  /** {@code .env}, {@code .env.*} and {@code .envrc} files below the work dir (not folders: a venv may be called .env). */
  private static List<Path> dotEnvFiles(Path work, int maxEntries) {
    List<Path> found = new ArrayList<>();
    int[] seen = {0};
    try {
      Files.walkFileTree(work, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_WALK_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          count();
          return !dir.equals(work) && NOT_WALKED.contains(dir.getFileName().toString())
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          count();
          String name = file.getFileName().toString();
          if (!attrs.isDirectory() && (name.equals(".env") || name.startsWith(".env.") || name.equals(".envrc"))) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // unreadable to us is unreadable to the child too
        }

        private void count() {
          if (++seen[0] > maxEntries) {
            throw new SandboxException("work-dir-too-large", "the work dir " + work + " has more than " + maxEntries
                + " entries within " + MAX_WALK_DEPTH + " levels, too many to search for .env files; choose a smaller folder");
          }
        }
      });
    } catch (IOException e) {
      throw new SandboxException("work-dir-invalid", "cannot read the work dir " + work + ": " + e.getMessage(), e);
    }
    return found;
  }

  private static List<Path> withoutNested(List<Path> paths, List<Path> dirs) {
    return paths.stream().distinct()
        .filter(p -> dirs.stream().noneMatch(d -> !d.equals(p) && p.startsWith(d)))
        .toList();
  }

  private static Path realDirectory(Path dir) {
    Path real = real(dir);
    if (!Files.isDirectory(real)) {
      throw new SandboxException("work-dir-invalid", "the work dir " + dir + " is not a folder");
    }
    return real;
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize(); // does not exist (yet): nothing there to hide or to bind
    }
  }
}
