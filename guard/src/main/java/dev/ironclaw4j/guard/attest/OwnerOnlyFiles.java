package dev.ironclaw4j.guard.attest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only their owner may read: directories 0700, files 0600, written atomically. */
final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  static void restrictDir(Path p) throws IOException {
    if (posix(p)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
  }

  static void restrictFile(Path p) throws IOException {
    if (posix(p)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** Writes {@code bytes} to {@code target} through a 0600 temporary file in the same (0700) directory. */
  static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    restrictDir(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      restrictFile(tmp);
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
