package dev.ironclaw4j.server.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon in a real process: starts, serves, stops on SIGTERM in time, survives kill -9. */
class ServeProcessTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path home;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  record Running(Process process, String url, List<String> lines) {}

  private Running start() throws Exception {
    return start(java.util.Map.of());
  }

  private Running start(java.util.Map<String, String> env) throws Exception {
    return start(env, List.of());
  }

  /** {@code wrapper}: a command the java command line is appended to (e.g. a shell setting the umask). */
  private Running start(java.util.Map<String, String> env, List<String> wrapper) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.ironclaw4j.server.cli.Main",
        "--home", home.toString(), "serve", "--port", "0"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("IRONCLAW4J_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    started.add(p);
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
      lines.add(line);
      if (line.startsWith("Press Ctrl-C")) {
        String url = lines.stream().map(LISTENING::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst().orElseThrow();
        Thread drain = new Thread(() -> r.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        return new Running(p, url, lines);
      }
    }
    throw new AssertionError("server did not start: " + lines);
  }

  private static String get(String url, String hostHeader) throws IOException {
    URI u = URI.create(url);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + u.getPath() + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void servesHealthStopsWithinTwoSecondsAndReusesTheDatabase() throws Exception {
    Running first = start();
    assertTrue(String.join("\n", first.lines()).contains("(created)"), first.lines().toString());
    String host = URI.create(first.url()).getAuthority();
    String health = get(first.url() + "/health", host);
    assertTrue(health.startsWith("HTTP/1.1 200"), health);
    assertTrue(health.contains("\"status\":\"ok\""), health);

    long t0 = System.nanoTime();
    first.process().destroy(); // SIGTERM
    assertTrue(first.process().waitFor(2, TimeUnit.SECONDS), "stopped within 2 s of SIGTERM");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms < 2000, "stop took " + ms + " ms");

    Running second = start();
    assertTrue(String.join("\n", second.lines()).contains("(reused; created"), second.lines().toString());
    second.process().destroy();
    assertTrue(second.process().waitFor(2, TimeUnit.SECONDS));
  }

  @Test
  void databaseReopensAfterKillDashNine() throws Exception {
    Running first = start();
    // Right after the start was committed: nothing may be lost even without any write delay passing.
    first.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
    first.process().waitFor(10, TimeUnit.SECONDS);
    Running second = start();
    String out = String.join("\n", second.lines());
    assertTrue(out.contains("(reused; created") && out.contains("start #2"), out);
    String host = URI.create(second.url()).getAuthority();
    assertTrue(get(second.url() + "/health", host).startsWith("HTTP/1.1 200"));
  }

  @Test
  void everyFileInTheHomeIsOwnerOnlyEvenUnderAPermissiveUmask() throws Exception {
    Running r = start(java.util.Map.of(), List.of("/bin/sh", "-c", "umask 022; exec \"$@\"", "sh"));
    List<String> modes = new ArrayList<>();
    try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(home)) {
      all.forEach(p -> modes.add(home.relativize(p) + " " + perms(p)));
    }
    assertTrue(modes.stream().anyMatch(m -> m.startsWith("data/ironclaw4j.mv.db ")), modes.toString());
    assertTrue(modes.stream().anyMatch(m -> m.startsWith("logs/ironclaw4j.log.0 ")), modes.toString());
    for (String m : modes) {
      assertTrue(m.endsWith(" rw-------") || m.endsWith(" rwx------"), "not owner-only: " + m + " in " + modes);
    }
    r.process().destroy();
    assertTrue(r.process().waitFor(5, TimeUnit.SECONDS));
  }

  private static String perms(Path p) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(p));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void foreignHostHeaderIsRefused() throws Exception {
    Running r = start();
    String port = String.valueOf(URI.create(r.url()).getPort());
    assertTrue(get(r.url() + "/health", "evil.example:" + port).startsWith("HTTP/1.1 421"), "DNS-rebinding Host refused");
    assertTrue(get(r.url() + "/health", "localhost:" + port).startsWith("HTTP/1.1 200"));
  }

  @Test
  void secondServerOnTheSameHomeIsRefused() throws Exception {
    Running r = start();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.ironclaw4j.server.cli.Main",
        "--home", home.toString(), "serve", "--port", "0").redirectErrorStream(true).start();
    started.add(p);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.contains("already running") && out.contains(r.url()), out);
  }

  @Test
  void vaultIsUnlockedAtStartWithThePassphraseAndLockedWithout() throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    int code = dev.ironclaw4j.server.cli.Main.run(new String[] {"--home", home.toString(), "vault", "init"},
        java.util.Map.of("IRONCLAW4J_VAULT_PASSPHRASE", "serve test passphrase"), new java.io.PrintWriter(out, true),
        new java.io.PrintWriter(out, true), java.io.InputStream.nullInputStream());
    assertEquals(0, code, out.toString());
    Running locked = start();
    assertTrue(String.join("\n", locked.lines()).contains("vault:    locked"), locked.lines().toString());
    locked.process().destroy();
    assertTrue(locked.process().waitFor(5, TimeUnit.SECONDS));
    Running unlocked = start(java.util.Map.of("IRONCLAW4J_VAULT_PASSPHRASE", "serve test passphrase"));
    assertTrue(String.join("\n", unlocked.lines()).contains("vault:    unlocked"), unlocked.lines().toString());
  }
}
