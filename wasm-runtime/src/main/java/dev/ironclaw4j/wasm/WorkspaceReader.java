package dev.ironclaw4j.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code workspace_read} host function's checks: a workspace-relative path, inside one of the
 * manifest's {@code workspace_read} prefixes both as written and after every symbolic link is
 * resolved, a regular UTF-8 text file of at most {@link #MAX_FILE_BYTES}.
 */
final class WorkspaceReader {
  static final int MAX_FILE_BYTES = 512 * 1024;

  private WorkspaceReader() {}

  /** The file's text, or a {@link SandboxException} whose reason the tool receives. */
  static String read(Path workspace, List<String> prefixes, String requested) {
    if (requested.isEmpty() || requested.length() > 1024 || requested.startsWith("/") || requested.contains("\\")
        || requested.contains(":") || requested.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw denied(requested, "must be a relative path without '\\\\', ':' or control characters");
    }
    for (String seg : requested.split("/")) {
      if (seg.equals("..") || seg.equals(".")) {
        throw denied(requested, "'.' and '..' segments are not allowed");
      }
    }
    if (!underPrefix(requested, prefixes)) {
      throw denied(requested, "it is not under a workspace_read prefix of the manifest " + prefixes);
    }
    try {
      Path root = workspace.toRealPath();
      Path real = root.resolve(requested).toRealPath();
      if (!real.startsWith(root) || !underPrefix(root.relativize(real).toString().replace('\\', '/'), prefixes)) {
        throw denied(requested, "a symbolic link leads outside the allowed prefixes");
      }
      if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        throw new SandboxException("not-found", "'" + requested + "' is not a regular file");
      }
      byte[] b;
      try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
        b = in.readNBytes(MAX_FILE_BYTES + 1);
      }
      if (b.length > MAX_FILE_BYTES) {
        throw new SandboxException("too-large", "'" + requested + "' is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (NoSuchFileException e) {
      throw new SandboxException("not-found", "'" + requested + "' does not exist");
    } catch (CharacterCodingException e) {
      throw new SandboxException("not-text", "'" + requested + "' is not UTF-8 text");
    } catch (IOException e) {
      throw new SandboxException("not-found", "'" + requested + "' cannot be read");
    }
  }

  /** Segment-aware: prefix {@code docs} or {@code docs/} matches {@code docs/a.md}, never {@code docsevil}. */
  static boolean underPrefix(String path, List<String> prefixes) {
    for (String p : prefixes) {
      String dir = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
      if (path.equals(dir) || path.startsWith(dir + "/")) {
        return true;
      }
    }
    return false;
  }

  private static SandboxException denied(String requested, String why) {
    return new SandboxException("path-not-allowed", "'" + requested + "' may not be read: " + why);
  }
}
