package dev.ironclaw4j.guard.vault;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The key file of an unattended vault: 32 random bytes, base64, one line. It must live outside the
 * data directory and be readable by its owner only (mode 0600); anything else is refused, because a
 * key file next to the database, or readable by other users, protects nothing.
 */
public final class KeyFile {
  /** Key length in bytes. */
  public static final int KEY_BYTES = 32;

  private static final long MAX_FILE_BYTES = 1024;
  private static final Set<PosixFilePermission> OPEN =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private KeyFile() {}

  /**
   * Creates a new key file with mode 0600 (its folder is created 0700 if missing).
   *
   * @throws VaultException if it exists already, or would be inside {@code forbiddenDir}
   */
  public static void create(Path file, Path forbiddenDir) {
    Path abs = file.toAbsolutePath().normalize();
    refuseInside(abs, forbiddenDir);
    byte[] key = new byte[KEY_BYTES];
    byte[] text = null;
    try {
      Path parent = abs.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        if (posix(parent.getParent() == null ? parent : parent.getParent())) {
          Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(parent);
        }
      }
      refuseInside(realParent(abs), forbiddenDir);
      new SecureRandom().nextBytes(key);
      text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
      boolean posix = posix(abs.getParent());
      if (posix) {
        Files.createFile(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(abs);
      }
      try (OutputStream out = Files.newOutputStream(abs, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(text);
      }
      if (posix) {
        Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (FileAlreadyExistsException e) {
      throw new VaultException("key-file-exists", "the key file " + abs + " exists already; use it, or choose another path");
    } catch (IOException e) {
      throw new VaultException("key-file-invalid", "cannot create the key file " + abs + ": " + e.getMessage(), null, e);
    } finally {
      Arrays.fill(key, (byte) 0);
      if (text != null) {
        Arrays.fill(text, (byte) 0);
      }
    }
  }

  /**
   * Reads and checks a key file: it must exist, lie outside {@code forbiddenDir}, be readable by its
   * owner only, and hold exactly 32 base64 bytes. The caller wipes the returned array.
   *
   * @throws VaultException {@code key-file-unsafe} or {@code key-file-invalid}, saying how to fix it
   */
  public static byte[] read(Path file, Path forbiddenDir) {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.exists(abs)) {
      throw new VaultException("key-file-invalid", "the key file " + abs + " does not exist (check vault.key_file)");
    }
    byte[] raw = null;
    try {
      Path real = abs.toRealPath();
      refuseInside(abs, forbiddenDir);
      refuseInside(real, forbiddenDir);
      if (!Files.isRegularFile(real)) {
        throw new VaultException("key-file-invalid", "the key file " + abs + " is not a regular file");
      }
      if (posix(real)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(real, LinkOption.NOFOLLOW_LINKS);
        if (perms.stream().anyMatch(OPEN::contains)) {
          throw new VaultException(
              "key-file-unsafe",
              "the key file " + real + " has permissions " + PosixFilePermissions.toString(perms)
                  + "; other users could read it. Refusing to use it: run chmod 600 " + real
                  + " (and consider the key compromised if others had access)");
        }
      }
      if (Files.size(real) > MAX_FILE_BYTES) {
        throw new VaultException("key-file-invalid", "the key file " + abs + " is too large to be a vault key file");
      }
      raw = Files.readAllBytes(real);
      String text = new String(raw, StandardCharsets.US_ASCII).strip();
      byte[] key;
      try {
        key = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new VaultException("key-file-invalid", "the key file " + abs + " is not base64 (it must hold 32 random bytes, base64)");
      }
      if (key.length != KEY_BYTES) {
        Arrays.fill(key, (byte) 0);
        throw new VaultException("key-file-invalid", "the key file " + abs + " must hold exactly 32 bytes, base64");
      }
      return key;
    } catch (IOException e) {
      throw new VaultException("key-file-invalid", "cannot read the key file " + abs + ": " + e.getMessage(), null, e);
    } finally {
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  private static void refuseInside(Path path, Path forbiddenDir) {
    Path dir = forbiddenDir.toAbsolutePath().normalize();
    Path realDir = dir;
    try {
      if (Files.exists(dir)) {
        realDir = dir.toRealPath();
      }
    } catch (IOException e) {
      // keep the normalized path
    }
    if (path.startsWith(dir) || path.startsWith(realDir)) {
      throw new VaultException(
          "key-file-unsafe",
          "the key file " + path + " is inside the data directory " + dir
              + "; anyone who copies the database would get the key too. Keep it elsewhere (e.g. ~/.config/ironclaw4j/vault.key)");
    }
  }

  private static Path realParent(Path abs) throws IOException {
    Path parent = abs.getParent();
    return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
  }

  private static boolean posix(Path p) {
    return p != null && p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
