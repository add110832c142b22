package dev.ironclaw4j.wasm;

import dev.ironclaw4j.guard.tool.ToolRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A watched tools directory: each tool is {@code NAME.wasm} with its manifest {@code NAME.json} beside
 * it. New, changed and removed tools are registered, replaced and unregistered in the
 * {@link ToolRegistry} while the server runs. A replaced tool has a new capability digest, so the
 * pipeline asks again before running it. A module or manifest that is refused is reported in
 * {@link #problems()} and its earlier version stops being callable (what is on disk is what may run).
 * A WASM tool never takes the name of a tool it did not register (a built-in, say).
 */
public final class ToolDirectory implements AutoCloseable {
  private final Path dir;
  private final ToolRegistry registry;
  private final BiFunction<byte[], ToolManifest, WasmTool> loader;
  private final Consumer<String> log;
  private final Map<String, WasmTool> loaded = new HashMap<>();
  private final Map<String, String> problems = new TreeMap<>();
  private WatchService watcher;
  private Thread thread;
  private boolean closed;

  /**
   * @param loader makes a tool from module bytes and manifest, e.g.
   *     {@code (wasm, m) -> WasmTool.load(wasm, m, Mode.COMPILED, egress, vault, log)}
   */
  public ToolDirectory(Path dir, ToolRegistry registry, BiFunction<byte[], ToolManifest, WasmTool> loader, Consumer<String> log) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** Scans once, then watches the directory on a daemon thread until {@link #close()}. */
  public synchronized void start() throws IOException {
    if (watcher != null) {
      throw new IllegalStateException("already started");
    }
    watcher = dir.getFileSystem().newWatchService();
    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    scan();
    WatchService w = watcher;
    thread = Thread.ofPlatform().daemon().name("wasm-tools-watch").start(() -> watch(w));
  }

  private void watch(WatchService w) {
    try {
      while (true) {
        WatchKey key = w.take();
        // Let a burst of events (a module and its manifest being written) settle before scanning.
        for (WatchKey more = w.poll(100, TimeUnit.MILLISECONDS); more != null; more = w.poll(100, TimeUnit.MILLISECONDS)) {
          more.pollEvents();
          more.reset();
        }
        key.pollEvents();
        key.reset();
        scan();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  /** Brings the registry in line with the directory now. */
  public synchronized void scan() {
    if (closed) {
      return;
    }
    Set<String> present = new HashSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.wasm")) {
      for (Path wasm : ds) {
        String file = wasm.getFileName().toString();
        String name = file.substring(0, file.length() - ".wasm".length());
        present.add(name);
        try {
          load(name, wasm, dir.resolve(name + ".json"));
          problems.remove(name);
        } catch (SandboxException e) {
          problems.put(name, e.reason() + ": " + e.getMessage());
          drop(name);
          log.accept("wasm tool " + name + " refused: " + e.getMessage());
        } catch (RuntimeException e) {
          // A failing loader (e.g. the egress factory) must not stop the watcher or other tools.
          problems.put(name, "load-failed: " + e.getClass().getSimpleName());
          drop(name);
          log.accept("wasm tool " + name + " could not be loaded: " + e.getClass().getSimpleName());
        }
      }
    } catch (IOException e) {
      log.accept("cannot read tools directory " + dir + ": " + e.getMessage());
      return;
    }
    for (String name : Set.copyOf(loaded.keySet())) {
      if (!present.contains(name)) {
        drop(name);
        log.accept("wasm tool " + name + " removed");
      }
    }
    problems.keySet().retainAll(present);
  }

  private void load(String name, Path wasmFile, Path manifestFile) {
    byte[] wasm = read(name, wasmFile, SandboxedModule.MAX_MODULE_BYTES);
    if (!Files.exists(manifestFile)) {
      throw new SandboxException("bad-manifest", name + ": no manifest " + manifestFile.getFileName() + " beside the module");
    }
    ToolManifest manifest = ToolManifest.parse(read(name, manifestFile, ToolManifest.MAX_MANIFEST_BYTES));
    if (!manifest.name().equals(name)) {
      throw new SandboxException("bad-manifest", name + ": the manifest names the tool '" + manifest.name() + "'; it must match the file name");
    }
    WasmTool current = loaded.get(name);
    String digest = WasmTool.capabilityDigest(SandboxedModule.sha256(wasm), manifest);
    if (current != null && current.spec().capabilityDigest().equals(digest)) {
      return;
    }
    if (current == null && registry.find(name).isPresent()) {
      throw new SandboxException("bad-manifest", name + ": a tool with this name already exists");
    }
    WasmTool tool = loader.apply(wasm, manifest);
    registry.register(tool);
    loaded.put(name, tool);
    if (current != null) {
      current.close();
    }
    log.accept("wasm tool " + name + " " + (current == null ? "loaded" : "replaced") + ", module sha256 " + tool.moduleSha256());
  }

  private static byte[] read(String name, Path file, int max) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new SandboxException(file.toString().endsWith(".json") ? "bad-manifest" : "malformed-module",
            name + ": " + file.getFileName() + " is larger than " + max + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new SandboxException("malformed-module", name + ": cannot read " + file.getFileName() + ": " + e.getMessage());
    }
  }

  private void drop(String name) {
    WasmTool t = loaded.remove(name);
    if (t != null) {
      registry.unregister(name);
      t.close();
    }
  }

  /** SHA-256 of each loaded tool's module, by tool name. */
  public synchronized Map<String, String> installed() {
    Map<String, String> m = new TreeMap<>();
    loaded.forEach((k, v) -> m.put(k, v.moduleSha256()));
    return m;
  }

  /** Why each refused tool was refused, by name. */
  public synchronized Map<String, String> problems() {
    return Map.copyOf(problems);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        log.accept("cannot close the tools directory watcher: " + e.getMessage());
      }
      thread.interrupt();
    }
    for (String name : Set.copyOf(loaded.keySet())) {
      drop(name);
    }
  }
}
