package dev.ironclaw4j.guard.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Chooses the process sandbox of this machine: bubblewrap where {@code bwrap} is installed and works,
 * else unprivileged namespaces through {@code unshare}, else {@code none}. Each candidate is tried by
 * starting {@code true} in it exactly as a real process would start. Call once at start and pass the
 * result on; nothing here is cached.
 */
public final class ProcessSandboxes {
  private static final List<String> SYSTEM_BIN = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin");
  private static final long PROBE_SECONDS = 10;
  private static final int MAX_NOTE_CHARS = 300;

  private ProcessSandboxes() {}

  /** The sandbox chosen, and one line per mechanism tried (what it is, or why it did not work). */
  public record Detection(ProcessSandbox sandbox, List<String> notes) {
    public Detection {
      notes = List.copyOf(notes);
    }
  }

  /** Tries bubblewrap, then namespaces; falls back to {@link #none}. Takes up to a few seconds. */
  public static Detection detect(SandboxPolicy policy) {
    List<String> notes = new ArrayList<>();
    Optional<ProcessSandbox> found = bubblewrap(policy, notes).or(() -> namespaces(policy, notes));
    return new Detection(found.orElseGet(() -> none(policy)), notes);
  }

  /** No isolation (mechanism {@code none}), environment still scrubbed; only for processes the user opted in. */
  public static ProcessSandbox none(SandboxPolicy policy) {
    return new Unsandboxed(policy);
  }

  static Optional<ProcessSandbox> bubblewrap(SandboxPolicy policy, List<String> notes) {
    Optional<Path> bwrap = program("bwrap");
    if (bwrap.isEmpty()) {
      notes.add("bubblewrap is not installed");
      return Optional.empty();
    }
    boolean disableUserns = output(List.of(bwrap.get().toString(), "--help")).contains("--disable-userns");
    String version = output(List.of(bwrap.get().toString(), "--version")).strip();
    return probe(new Bubblewrap(bwrap.get(), disableUserns, policy),
        (version.startsWith("bubblewrap ") ? version : "bubblewrap") + " at " + bwrap.get(), notes);
  }

  static Optional<ProcessSandbox> namespaces(SandboxPolicy policy, List<String> notes) {
    Optional<Path> unshare = program("unshare");
    Optional<Path> setpriv = program("setpriv");
    if (unshare.isEmpty() || setpriv.isEmpty()) {
      notes.add("no namespaces: util-linux's unshare and setpriv are not both installed");
      return Optional.empty();
    }
    return probe(new Namespaces(unshare.get(), setpriv.get(), policy),
        "namespaces through " + unshare.get() + " and " + setpriv.get(), notes);
  }

  /** Starts {@code true} in the sandbox in a fresh work dir; the sandbox works if it exits 0. */
  private static Optional<ProcessSandbox> probe(ProcessSandbox sandbox, String what, List<String> notes) {
    Path work = null;
    try {
      work = Files.createTempDirectory("ironclaw4j-sandbox-probe");
      Process p = sandbox.start(new ProcessSandbox.Spec(List.of("true"), work, Map.of(), ProcessSandbox.Network.NONE));
      p.getOutputStream().close();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        notes.add(what + " did not finish a trial start within " + PROBE_SECONDS + " s");
        return Optional.empty();
      }
      if (p.exitValue() != 0) {
        notes.add(what + " does not work here: " + firstLine(read(p.getErrorStream())));
        return Optional.empty();
      }
      notes.add(what + " works");
      return Optional.of(sandbox);
    } catch (IOException | SandboxException e) {
      notes.add(what + " could not be tried: " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      deleteQuietly(work);
    }
  }

  /** Starts a process with exactly {@code env} as its environment; fails with {@link SandboxException}. */
  static Process launch(List<String> argv, Path workDir, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new SandboxException("start-failed", "cannot start " + argv.getFirst() + ": " + e.getMessage(), e);
    }
  }

  /** A program from the system's folders (not the server's PATH, which the user's own folders may lead). */
  private static Optional<Path> program(String name) {
    return SYSTEM_BIN.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }

  private static String output(List<String> argv) {
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
      pb.environment().clear();
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "";
      }
      return read(p.getInputStream());
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** What an exited process wrote, at most 64 KiB (a pipe's buffer; more would have blocked it). */
  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    }
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("exit status not 0, no message");
    return line.length() > MAX_NOTE_CHARS ? line.substring(0, MAX_NOTE_CHARS) + "..." : line;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover empty temp folder is harmless
    }
  }
}
