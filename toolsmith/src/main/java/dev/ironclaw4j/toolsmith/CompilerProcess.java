package dev.ironclaw4j.toolsmith;

import dev.ironclaw4j.wasm.WorkerSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server's handle on the build worker ({@link BuildWorker}): a JVM with its own {@code -Xmx},
 * {@code -XX:+ExitOnOutOfMemoryError}, an empty environment and, where Linux allows, no network. It
 * stays up between builds (TeaVM is fast only when warm) and is replaced when it dies or overruns a
 * build's deadline. One build at a time.
 */
final class CompilerProcess implements AutoCloseable {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("toolsmith-build-watchdog").factory());
  /** Largest line accepted from the worker. */
  private static final int MAX_LINE = 4 << 20;

  private final int heapMb;
  private final Duration timeout;
  private Process process;
  private Path errors;
  private BufferedReader in;
  private OutputStream out;

  CompilerProcess(int heapMb, Duration timeout) {
    this.heapMb = heapMb;
    this.timeout = timeout;
  }

  /** Runs one build request; events go to {@code events}, the result line is returned. */
  synchronized JsonNode build(ObjectNode request, Consumer<JsonNode> events) {
    if (process == null || !process.isAlive()) {
      spawn();
    }
    Process p = process;
    AtomicBoolean overran = new AtomicBoolean();
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      overran.set(true);
      p.destroyForcibly();
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      out.write((BuildWorker.JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        String line = readLine();
        if (line == null) {
          throw new IOException("the build worker closed its output");
        }
        JsonNode m = BuildWorker.JSON.readTree(line);
        if ("result".equals(m.path("op").asString())) {
          return m;
        }
        events.accept(m);
      }
    } catch (IOException | RuntimeException e) {
      String last = lastError();
      kill();
      if (overran.get()) {
        throw new ToolsmithException("build-timeout", "the build did not finish within " + timeout.toSeconds()
            + " s and was stopped");
      }
      throw new ToolsmithException("worker-died", "the build worker died (heap of " + heapMb + " MiB exhausted, or it"
          + " crashed" + last + "); the next build starts a fresh one", e);
    } finally {
      watchdog.cancel(false);
    }
  }

  private String readLine() throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        return b.isEmpty() ? null : b.toString();
      }
      if (c == '\n') {
        return b.toString();
      }
      if (b.length() >= MAX_LINE) {
        throw new IOException("a line from the build worker is longer than " + MAX_LINE);
      }
      b.append((char) c);
    }
  }

  private void spawn() {
    try {
      List<String> cmd = new ArrayList<>();
      if (WorkerSandbox.networkIsolated()) {
        cmd.addAll(List.of("/usr/bin/unshare", "--map-root-user", "--net"));
      }
      cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Xss4m",
          "-cp", absoluteClassPath(), BuildWorker.class.getName()));
      Path dir = Files.createTempDirectory("ironclaw4j-build");
      errors = dir.resolve("worker.err");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(errors.toFile());
      pb.environment().clear();
      process = pb.start();
      in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      out = process.getOutputStream();
    } catch (IOException e) {
      throw new ToolsmithException("worker-died", "the build worker did not start: " + e.getMessage(), e);
    }
  }

  /** The class path of this process with every entry absolute (the worker runs in its own directory). */
  static String absoluteClassPath() {
    List<String> out = new ArrayList<>();
    for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!p.isEmpty()) {
        out.add(Path.of(p).toAbsolutePath().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  /** The worker's own message on stderr (an exception line), if any: what the user can act on when it crashed. */
  private String lastError() {
    try {
      if (errors != null && Files.exists(errors)) {
        String found = null;
        for (String line : Files.readAllLines(errors, StandardCharsets.UTF_8)) {
          String l = line.strip();
          if (!l.isEmpty() && !l.startsWith("at ") && !l.startsWith("...")) {
            found = l; // the last exception or message line
          }
        }
        if (found != null) {
          return ": " + (found.length() > 300 ? found.substring(0, 300) + "..." : found);
        }
      }
    } catch (IOException | RuntimeException e) {
      // nothing more to say
    }
    return "";
  }

  private void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (errors != null) {
      try {
        Files.deleteIfExists(errors);
        Files.deleteIfExists(errors.getParent());
      } catch (IOException e) {
        // a temporary file left behind is harmless
      }
      errors = null;
    }
  }

  @Override
  public synchronized void close() {
    kill();
  }
}
