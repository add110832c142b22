package dev.ironclaw4j.server.home;

import dev.ironclaw4j.server.ServerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ironclaw4j home: configuration, database, logs and (later) the vault live here. Chosen by
 * {@code --home}, else {@code IRONCLAW4J_HOME}, else {@code ~/.ironclaw4j}. Created with mode 0700.
 */
public record Home(Path dir) {
  public static final String ENV = "IRONCLAW4J_HOME";
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
  /** Most entries {@link #openEntries} looks at. */
  public static final int MAX_WALK = 100_000;

  public Home {
    dir = dir.toAbsolutePath().normalize();
  }

  /** Resolves the home from the flag, the environment and the user's home directory, in that order. */
  public static Home resolve(Path flag, Map<String, String> env) {
    if (flag != null) {
      return new Home(flag);
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Home(Path.of(fromEnv));
    }
    return new Home(Path.of(System.getProperty("user.home"), ".ironclaw4j"));
  }

  public Path configFile() {
    return dir.resolve("config.toml");
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  public Path logDir() {
    return dir.resolve("logs");
  }

  /** Installed WASM tools: {@code NAME.wasm} with its manifest {@code NAME.json}, hot-loaded. */
  public Path toolsDir() {
    return dir.resolve("tools");
  }

  public Path runDir() {
    return dir.resolve("run");
  }

  /** Creates the home and its sub-folders, owner-only, if they do not exist yet. */
  public Home ensureExists() {
    try {
      for (Path p : new Path[] {dir, dataDir(), logDir(), runDir()}) {
        if (!Files.isDirectory(p)) {
          Files.createDirectories(p);
          restrict(p);
        }
      }
      return this;
    } catch (IOException e) {
      throw new ServerException(
          ServerException.FAILURE,
          "cannot create the ironclaw4j home " + dir + ": " + e.getMessage()
              + " (choose another with --home or IRONCLAW4J_HOME)",
          e);
    }
  }

  /**
   * Whether the home is readable by its owner only. Returns true on file systems without POSIX
   * permissions, where the check does not apply.
   */
  public boolean isOwnerOnly() throws IOException {
    if (!supportsPosix()) {
      return true;
    }
    return Files.getPosixFilePermissions(dir).equals(OWNER_ONLY);
  }

  /** The permissions of the home as {@code rwx------}, or "n/a" where POSIX permissions do not exist. */
  public String permissions() throws IOException {
    return supportsPosix() ? PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)) : "n/a";
  }

  private boolean supportsPosix() {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Files and folders in the home (not the home itself: see {@link #isOwnerOnly()}) that others may
   * read, write or enter (any group or other permission bit), at most {@code limit} of them, from a walk
   * of at most {@value #MAX_WALK} entries. Links are not followed. Empty without POSIX permissions.
   */
  public List<Path> openEntries(int limit) throws IOException {
    if (!supportsPosix() || !Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> open = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.skip(1).limit(MAX_WALK)::iterator) {
        if (!Files.isSymbolicLink(p) && !isOwnerOnly(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))) {
          open.add(p);
          if (open.size() >= limit) {
            break;
          }
        }
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return open;
  }

  /** Whether a set of permissions leaves out group and others entirely (0600, 0700, 0400...). */
  public static boolean isOwnerOnly(Set<PosixFilePermission> perms) {
    return perms.stream().allMatch(p -> p.name().startsWith("OWNER_"));
  }

  /**
   * Takes group and other permissions off everything in the home (not following links), as
   * {@link #openEntries} walks it. The fallback for runtimes where the process umask could not be set
   * to 077 ({@code ProcessHardening.ownerOnlyFiles}); {@code serve} calls it once it has created its
   * files. Best effort: what stays open, doctor reports.
   */
  public void restrictAll() {
    try {
      for (Path p : openEntries(MAX_WALK)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        perms.removeIf(x -> !x.name().startsWith("OWNER_"));
        Files.setPosixFilePermissions(p, perms);
      }
    } catch (IOException e) {
      // doctor reports what is still open
    }
  }

  private static void restrict(Path p) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, OWNER_ONLY);
    }
  }
}
