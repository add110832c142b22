package dev.ironclaw4j.mcp.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token of the MCP HTTP endpoint: 256 random bits, generated at first use and kept in a file
 * of the home readable by its owner only. Compared in constant time (over SHA-256 digests, so neither
 * the content nor the length of the token leaks through timing). Never printed by {@link #toString()}.
 */
public final class McpToken {
  /** Length of the encoded token (43 base64url characters for 32 bytes). */
  static final int ENCODED_LENGTH = 43;

  private final String value;
  private final byte[] digest;

  private McpToken(String value) {
    this.value = value;
    this.digest = sha256(value);
  }

  /** Reads the token from {@code file}, creating the file (mode 0600) with a fresh token if absent. */
  public static McpToken loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        write(file, generate());
      }
      String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (!s.matches("[A-Za-z0-9_-]{" + ENCODED_LENGTH + "}")) {
        throw new IllegalStateException(file + " does not hold an MCP token; delete it and a new one is made at the next start");
      }
      return new McpToken(s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the MCP token " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the token in {@code file} with a fresh one (running servers keep the old one until restarted). */
  public static McpToken rotate(Path file) {
    try {
      String fresh = generate();
      Path tmp = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(tmp);
      write(tmp, fresh);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new McpToken(fresh);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the MCP token " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String token) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      return; // another process made it first: use theirs
    }
    Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
  }

  private static String generate() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Whether {@code presented} is this token, in time independent of where they differ. */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  /** The token itself, for {@code ironclaw4j mcp token} and client configurations. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "McpToken[REDACTED]";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
