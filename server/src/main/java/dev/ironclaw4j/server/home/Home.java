package dev.ironclaw4j.server.home;

import dev.ironclaw4j.server.ServerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The ironclaw4j home: configuration, database, logs and (later) the vault live here. Chosen by
 * {@code --home}, else {@code IRONCLAW4J_HOME}, else {@code ~/.ironclaw4j}. Created with mode 0700.
 */
public record Home(Path dir) {
  public static final String ENV = "IRONCLAW4J_HOME";
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

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

  /** The bearer token of the MCP HTTP endpoint ({@code serve}'s {@code /mcp}), owner-only. */
  public Path mcpTokenFile() {
    return dir.resolve("mcp-http.token");
  }

  /** External MCP servers mounted as tools ({@code ironclaw4j mcp add}), with their pinned definitions. */
  public Path mcpServersFile() {
    return dir.resolve("mcp-servers.json");
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

  private static void restrict(Path p) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, OWNER_ONLY);
    }
  }
}
