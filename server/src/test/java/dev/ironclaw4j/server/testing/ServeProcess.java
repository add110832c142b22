package dev.ironclaw4j.server.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ironclaw4j serve --port 0} as a child process on a home, with its port once it is up. */
public final class ServeProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  public final Process process;
  public final int port;
  /** What it printed up to "Press Ctrl-C". */
  public final List<String> startLines;

  private ServeProcess(Process process, int port, List<String> startLines) {
    this.process = process;
    this.port = port;
    this.startLines = List.copyOf(startLines);
  }

  /** Starts serve with no IRONCLAW4J_ variables of ours, plus {@code env}; waits until it listens. */
  public static ServeProcess start(Path home, Map<String, String> env) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.ironclaw4j.server.cli.Main",
        "--home", home.toString(), "serve", "--port", "0");
    pb.environment().keySet().removeIf(k -> k.startsWith("IRONCLAW4J_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    int port = 0;
    String line;
    while ((line = r.readLine()) != null) {
      lines.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      if (line.startsWith("Press Ctrl-C")) {
        Thread drain = new Thread(() -> r.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        return new ServeProcess(p, port, lines);
      }
    }
    p.destroyForcibly();
    throw new AssertionError("serve did not start: " + lines);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
