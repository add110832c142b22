package dev.ironclaw4j.server.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * npm packages for interop tests, installed into {@code target/NAME} at test time. Without node or npm
 * the test is skipped, except in CI ({@code CI} set), where that is a failure.
 */
public final class NodePackages {
  private NodePackages() {}

  /** Whether the command runs and exits 0 (e.g. {@code node --version}). */
  public static boolean available(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Node and npm are there (or the test is skipped outside CI). */
  public static void requireNode() {
    boolean node = available("node", "--version") && available("npm", "--version");
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(node, "node/npm not installed");
    }
    assertTrue(node, "node and npm are required in CI");
  }

  /**
   * A folder {@code target/name} with the packages installed (once) and the test's script copied from
   * the classpath resource {@code script}.
   */
  public static Path prepare(String name, String script, String... packages) throws Exception {
    requireNode();
    Path dir = Path.of("target", name).toAbsolutePath();
    Files.createDirectories(dir);
    Path marker = dir.resolve("installed.txt");
    String want = String.join(" ", packages);
    if (!Files.isRegularFile(marker) || !Files.readString(marker).equals(want)) {
      Files.writeString(dir.resolve("package.json"), "{\"name\":\"" + name + "-peer\",\"private\":true,\"type\":\"module\"}\n");
      List<String> cmd = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save"));
      cmd.addAll(List.of(packages));
      run(dir, 300, cmd);
      Files.writeString(marker, want);
    }
    try (InputStream in = NodePackages.class.getResourceAsStream(script)) {
      Files.copy(in, dir.resolve(Path.of(script).getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  static String run(Path dir, int timeoutSeconds, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + cmd);
    String s = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), cmd.getFirst() + " failed: " + s);
    return s;
  }
}
