package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.server.channels.NodePackages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Interop with the official TypeScript SDK client ({@code @modelcontextprotocol/sdk}): a node script
 * spawns {@code ironclaw4j mcp} over stdio, lists the tools and calls two of them. The SDK is installed
 * from npm into {@code target/mcp-ts}. Skipped only when node or npm is missing and {@code CI} is unset;
 * in CI a missing node fails the test.
 */
public class McpTypeScriptClientTest {
  static final String SDK = "@modelcontextprotocol/sdk@1.32.2";

  @TempDir Path home;

  static String run(Path dir, int timeoutSeconds, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + cmd);
    String s = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), cmd.getFirst() + " failed: " + s);
    return s;
  }

  /**
   * The folder with the TypeScript SDK installed and {@code scripts} (resources under {@code /mcp/})
   * copied in; skips the test without node outside CI.
   */
  public static synchronized Path sdkWith(String... scripts) throws Exception {
    NodePackages.requireNode();
    Path dir = Path.of("target", "mcp-ts").toAbsolutePath();
    Files.createDirectories(dir);
    if (!Files.isRegularFile(dir.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))) {
      Files.writeString(dir.resolve("package.json"), "{\"name\":\"mcp-ts-peer\",\"private\":true,\"type\":\"module\"}\n");
      run(dir, 300, List.of("npm", "install", "--no-audit", "--no-fund", SDK));
    }
    for (String name : scripts) {
      try (InputStream script = McpTypeScriptClientTest.class.getResourceAsStream("/mcp/" + name)) {
        Files.copy(script, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  @Test
  void officialTypeScriptClientListsAndCallsToolsOverStdio() throws Exception {
    Path dir = sdkWith("ts-client.mjs");
    String java = ProcessHandle.current().info().command().orElse("java");
    String out = run(dir, 120, List.of("node", "ts-client.mjs", java, System.getProperty("java.class.path"), home.toString()));

    JsonNode summary = JsonMapper.shared().readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    assertEquals("ironclaw4j", summary.path("server").path("name").asString(), out);
    List<String> tools = summary.path("tools").valueStream().map(JsonNode::asString).toList();
    assertTrue(tools.containsAll(List.of("echo", "time", "http_request", "secret_list")), tools.toString());
    assertTrue(summary.path("httpSchemaHasUrl").asBoolean(), out);
    assertFalse(summary.path("echo").path("isError").asBoolean(), out);
    assertTrue(summary.path("echo").path("text").asString().contains("hello from typescript"), out);
    assertTrue(summary.path("http").path("isError").asBoolean(), out);
    assertTrue(summary.path("http").path("text").asString().contains("mcp:http_request=allow"), out);
  }
}
