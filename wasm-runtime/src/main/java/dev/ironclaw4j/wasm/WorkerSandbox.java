package dev.ironclaw4j.wasm;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one tool in its own JVM process (a sandbox worker): its own {@code -Xmx}, an empty
 * environment, an empty working directory, no secrets and no sockets — host calls come back over the
 * pipe and are served here by an {@link Invocation} with this process's egress. A worker that dies
 * (heap exhausted, crash) or overruns the deadline is killed; that call fails with a clear error and
 * the next call starts a fresh worker. Other tools' workers are unaffected. One call at a time.
 *
 * <p>Where Linux allows unprivileged user namespaces, the worker also starts in its own empty network
 * namespace ({@link #networkIsolated()}).
 *
 * <p>This bounds what Chicory cannot: a module's share of the host heap. It is the boundary that
 * WASM-GC modules will need (their GC heap is not bounded by Chicory); today it runs the same
 * linear-memory modules as {@link SandboxedModule}.
 */
public final class WorkerSandbox implements AutoCloseable {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("wasm-worker-watchdog").factory());
  private static final String UNSHARE = "/usr/bin/unshare";
  /**
   * Whether workers start in their own, empty network namespace (Linux with unprivileged user
   * namespaces and util-linux {@code unshare}): defense in depth, since a worker holds no socket code
   * path anyway. Probed once.
   */
  static final boolean NET_ISOLATION = probeUnshare();

  /** Largest frame accepted from a worker (outputs are at most 1 MiB, HTTP requests 256 KiB). */
  private static final int MAX_FROM_WORKER = 4 << 20;

  private final byte[] wasm;
  private final ToolManifest manifest;
  private final Mode mode;
  private final int heapMb;
  private Process process;
  private Frames pipe;
  private Path workDir;

  private WorkerSandbox(byte[] wasm, ToolManifest manifest, Mode mode, int heapMb) {
    this.wasm = wasm.clone();
    this.manifest = manifest;
    this.mode = mode;
    this.heapMb = heapMb;
  }

  /**
   * Starts a worker and loads the module in it (refusals are the same as {@link SandboxedModule#load}).
   *
   * @param heapMb the worker JVM's maximum heap, in MiB (32 to 4096)
   */
  public static WorkerSandbox start(byte[] wasm, ToolManifest manifest, Mode mode, int heapMb) {
    Objects.requireNonNull(manifest, "manifest");
    if (heapMb < 32 || heapMb > 4096) {
      throw new IllegalArgumentException("worker heap must be 32 to 4096 MiB, got " + heapMb);
    }
    WorkerSandbox w = new WorkerSandbox(wasm, manifest, mode, heapMb);
    w.spawn();
    return w;
  }

  public ToolManifest manifest() {
    return manifest;
  }

  /** Whether workers run without network access (their own empty network namespace). */
  public static boolean networkIsolated() {
    return NET_ISOLATION;
  }

  private static boolean probeUnshare() {
    if (!System.getProperty("os.name", "").startsWith("Linux") || !Files.isExecutable(Path.of(UNSHARE))) {
      return false;
    }
    try {
      ProcessBuilder pb = new ProcessBuilder(UNSHARE, "--map-root-user", "--net", "/bin/true")
          .redirectErrorStream(true).redirectOutput(Redirect.DISCARD);
      pb.environment().clear();
      Process p = pb.start();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The worker's process id, or -1 when none runs. */
  synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  /** How long a worker whose pipe ended may take to exit by itself before it is killed. */
  private static final Duration WORKER_EXIT_GRACE = Duration.ofSeconds(2);

  private void spawn() {
    try {
      workDir = Files.createTempDirectory("ironclaw4j-wasm-worker");
      List<String> cmd = new ArrayList<>();
      if (NET_ISOLATION) {
        cmd.addAll(List.of(UNSHARE, "--map-root-user", "--net"));
      }
      cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Xshare:auto",
          "-cp", absoluteClassPath(), WorkerMain.class.getName()));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectError(Redirect.DISCARD);
      pb.environment().clear();
      process = pb.start();
      pipe = new Frames(process.getInputStream(), process.getOutputStream(), MAX_FROM_WORKER);
      ObjectNode load = Frames.message("load");
      load.put("wasm", Base64.getEncoder().encodeToString(wasm));
      load.put("manifest", manifest.canonicalJson());
      load.put("mode", mode.name());
      pipe.send(load);
      JsonNode r = pipe.read();
      if ("error".equals(r.path("op").asString())) {
        kill();
        throw new SandboxException(r.path("reason").asString(), r.path("message").asString());
      }
    } catch (IOException e) {
      kill();
      throw new SandboxException("worker-died", manifest.name() + ": the sandbox worker did not start: " + e.getMessage(), e);
    }
  }

  /**
   * Runs one call in the worker; host calls are served here with {@code services}.
   *
   * @throws SandboxException as {@link SandboxedModule#invoke}, or {@code worker-died}
   */
  public synchronized String invoke(String inputJson, HostServices services) {
    if (process == null || !process.isAlive()) {
      spawn();
    }
    Invocation inv = new Invocation(manifest, services);
    AtomicBoolean overran = new AtomicBoolean();
    Process p = process;
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      overran.set(true);
      p.destroyForcibly();
    }, manifest.limits().wallTime().toMillis() + 2000, TimeUnit.MILLISECONDS);
    try {
      ObjectNode call = Frames.message("call");
      call.put("input", inputJson);
      pipe.send(call);
      while (true) {
        JsonNode m = pipe.read();
        switch (m.path("op").asString()) {
          case "result" -> {
            return m.path("output").asString();
          }
          case "error" -> throw new SandboxException(m.path("reason").asString(), m.path("message").asString());
          case "host" -> pipe.send(serve(inv, m));
          default -> throw new IOException("unexpected message from the worker");
        }
      }
    } catch (IOException e) {
      // The pipe ends as soon as a dying worker closes it, before its exit status exists: let it finish
      // exiting (a heap exhaustion exits with 3) rather than killing it and reporting our own SIGKILL.
      int exit = kill(overran.get() ? Duration.ZERO : WORKER_EXIT_GRACE);
      if (overran.get()) {
        throw new SandboxException("wall-time-exceeded", manifest.name() + " did not finish within "
            + manifest.limits().wallTime().toMillis() + " ms; its worker was killed");
      }
      throw new SandboxException("worker-died", manifest.name() + ": its sandbox worker died (exit " + exit
          + (exit == 3 ? ", heap of " + heapMb + " MiB exhausted" : "") + "); the next call starts a fresh one");
    } finally {
      watchdog.cancel(false);
    }
  }

  private static ObjectNode serve(Invocation inv, JsonNode m) {
    ObjectNode r = Frames.message("host-result");
    String arg = m.path("arg").asString();
    switch (m.path("fn").asString()) {
      case "log" -> inv.log(m.path("level").asInt(), arg);
      case "clock_ms" -> r.put("value", inv.clockMillis());
      case "secret_exists" -> r.put("value", inv.secretExists(arg));
      case "http" -> r.put("value", inv.http(arg));
      case "workspace_read" -> r.put("value", inv.workspaceRead(arg));
      case "kv" -> r.put("value", inv.kv(arg));
      case "invoke_tool" -> r.put("value", inv.invokeTool(arg));
      default -> throw new SandboxException("abi-violation", "the worker asked for an unknown host call");
    }
    return r;
  }

  /** This process's class path with every entry absolute: the worker starts in its own empty directory. */
  private static String absoluteClassPath() {
    List<String> out = new ArrayList<>();
    for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!p.isEmpty()) {
        out.add(Path.of(p).toAbsolutePath().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  /** Kills the worker; returns its exit code (or -1). */
  private int kill() {
    return kill(Duration.ZERO);
  }

  /** Kills the worker, after giving it {@code grace} to exit by itself; returns its exit status. */
  private int kill(Duration grace) {
    if (process == null) {
      return -1;
    }
    try {
      if (grace.isZero() || !process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } finally {
      process = null;
      try {
        if (workDir != null) {
          Files.deleteIfExists(workDir);
        }
      } catch (IOException e) {
        // an empty temporary directory left behind is harmless
      }
    }
  }

  @Override
  public synchronized void close() {
    kill();
  }
}
