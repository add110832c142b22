package dev.ironclaw4j.mcp.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The external MCP servers, kept in one JSON file of the home ({@code {"version":1,"servers":[...]}}),
 * owner-only, replaced atomically on every change. Unknown fields are ignored so a newer release's
 * file still loads.
 */
public final class McpServerStore {
  /** Largest file read. */
  static final long MAX_FILE_BYTES = 1 << 20;
  private static final JsonMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private final Path file;

  public McpServerStore(Path file) {
    this.file = file;
  }

  /** The file's wire form. */
  record FileForm(int version, List<McpServerConfig> servers) {}

  /** Every server, by name. */
  public List<McpServerConfig> list() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new McpClientException("bad-config", file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      FileForm f = JSON.readValue(file.toFile(), FileForm.class);
      List<McpServerConfig> out = new ArrayList<>(f.servers() == null ? List.of() : f.servers());
      out.sort(Comparator.comparing(McpServerConfig::name));
      return List.copyOf(out);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new McpClientException("bad-config", file + " cannot be read: " + e.getMessage().lines().findFirst().orElse(""), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<McpServerConfig> find(String name) {
    return list().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Adds or replaces the server with this name. */
  public synchronized void put(McpServerConfig server) {
    List<McpServerConfig> all = new ArrayList<>(list().stream().filter(s -> !s.name().equals(server.name())).toList());
    all.add(server);
    write(all);
  }

  /** Removes the server; false when there was none. */
  public synchronized boolean remove(String name) {
    List<McpServerConfig> all = list();
    List<McpServerConfig> kept = all.stream().filter(s -> !s.name().equals(name)).toList();
    if (kept.size() == all.size()) {
      return false;
    }
    write(kept);
    return true;
  }

  private void write(List<McpServerConfig> servers) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      List<McpServerConfig> sorted = new ArrayList<>(servers);
      sorted.sort(Comparator.comparing(McpServerConfig::name));
      Files.write(tmp, JSON.writeValueAsBytes(new FileForm(1, sorted)));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
