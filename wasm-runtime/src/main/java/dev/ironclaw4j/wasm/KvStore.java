package dev.ironclaw4j.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-tool key-value store behind the {@code kv} host function: string keys and values, capped
 * in entry size, count and total size, kept in memory and, when a file is given, written to it
 * atomically after every change (and read back when the tool is loaded again). One store per tool:
 * a tool sees only its own.
 */
public final class KvStore {
  public static final int MAX_KEY = 256;
  public static final int MAX_VALUE = 64 * 1024;
  public static final int MAX_ENTRIES = 1024;
  public static final int MAX_TOTAL = 1 << 20;

  private final Map<String, String> entries = new TreeMap<>();
  private final Optional<Path> file;
  private long total;

  private KvStore(Optional<Path> file) {
    this.file = file;
  }

  /** A store that lives only as long as this object. */
  public static KvStore inMemory() {
    return new KvStore(Optional.empty());
  }

  /** A store kept in {@code file} (created on the first change); an unreadable file starts empty. */
  public static KvStore persistent(Path file) {
    KvStore s = new KvStore(Optional.of(file));
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] b = in.readNBytes(2 * MAX_TOTAL + 1);
        JsonNode n = Invocation.JSON.readTree(new String(b, StandardCharsets.UTF_8));
        if (b.length <= 2 * MAX_TOTAL && n != null && n.isObject()) {
          for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (e.getValue().isString()) {
              s.put(e.getKey(), e.getValue().asString(), false);
            }
          }
        }
      } catch (IOException | JacksonException | SandboxException e) {
        s.entries.clear();
        s.total = 0;
      }
    }
    return s;
  }

  synchronized Optional<String> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  synchronized void put(String key, String value) {
    put(key, value, true);
  }

  private void put(String key, String value, boolean save) {
    if (key.isEmpty() || key.length() > MAX_KEY || value.length() > MAX_VALUE) {
      throw new SandboxException("kv-limit", "keys are 1 to " + MAX_KEY + " characters and values at most " + MAX_VALUE);
    }
    String old = entries.get(key);
    long next = total - (old == null ? 0 : key.length() + old.length()) + key.length() + value.length();
    if (old == null && entries.size() >= MAX_ENTRIES || next > MAX_TOTAL) {
      throw new SandboxException("kv-limit", "the store is full (" + MAX_ENTRIES + " entries, " + MAX_TOTAL + " characters)");
    }
    entries.put(key, value);
    total = next;
    if (save) {
      save();
    }
  }

  synchronized boolean delete(String key) {
    String old = entries.remove(key);
    if (old != null) {
      total -= key.length() + old.length();
      save();
    }
    return old != null;
  }

  private void save() {
    if (file.isEmpty()) {
      return;
    }
    ObjectNode o = Invocation.JSON.createObjectNode();
    entries.forEach(o::put);
    try {
      Path tmp = file.get().resolveSibling(file.get().getFileName() + ".tmp");
      Files.write(tmp, Invocation.JSON.writeValueAsBytes(o));
      Files.move(tmp, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SandboxException("kv-failed", "the store could not be saved");
    }
  }
}
