package dev.ironclaw4j.toolsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.tool.ToolContext;
import dev.ironclaw4j.guard.tool.ToolInvoker;
import dev.ironclaw4j.guard.tool.ToolRegistry;
import dev.ironclaw4j.guard.tool.ToolResult;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.wasm.EgressFactory;
import dev.ironclaw4j.wasm.Mode;
import dev.ironclaw4j.wasm.ToolDirectory;
import dev.ironclaw4j.wasm.WasmTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a Java tool that calls an API with a secret placeholder is built, installed and called
 * through the pipeline against a loopback server; its manifest allows only that host, and the secret
 * reaches the server (injected by egress) but never the tool's output.
 */
@Tag("slow")
class HttpToolAcceptanceTest {
  @TempDir
  Path tools;

  @Test
  void builtToolCallsTheApiWithAnInjectedSecretThroughThePipeline() throws Exception {
    try (Api api = new Api()) {
      String base = "http://127.0.0.1:" + api.port();
      String source = Smith.example("IssueLister.java")
          .replace("\"https://api.github.com/repos/*\", methods = {\"GET\"}",
              "\"" + base + "/repos/*\", methods = {\"GET\"}, allowPrivate = true")
          .replace("\"https://api.github.com\"", "\"" + base + "\"")
          .replace("public final class IssueLister",
              "@dev.ironclaw4j.toolsmith.sdk.Example(input = \"{\\\"repo\\\": \\\"octo/demo\\\"}\", output = \"{\\\"repo\\\": \\\"octo/demo\\\"}\")\npublic final class IssueLister");
      SecretLookup vault = Guards.vault(base + "/repos/*");
      EgressFactory egress = policy -> Egress.builder().policy(policy).leakScanner(Guards.LEAKS).secrets(vault).build();
      BuildResult r;
      Smith.egress = egress;
      Smith.vault = vault;
      try {
        r = Smith.shared().build("IssueLister.java", source, BuildListener.NONE);
      } finally {
        Smith.egress = Smith.noEgress();
        Smith.vault = SecretLookup.NONE;
      }
      assertTrue(r.ok(), () -> r.failedPhase() + " " + r.diagnostics() + " " + r.examples());
      assertEquals(1, r.manifest().http().size(), "exactly one HTTP rule");
      assertEquals(base + "/repos/* GET allow-private", r.manifest().http().get(0).text().replace(":" + api.port(), ":" + api.port()));
      assertEquals(List.of("GITHUB_TOKEN"), r.manifest().secrets());
      assertTrue(r.summary().contains("GITHUB_TOKEN"), r.summary());
      assertEquals(1, api.received.size(), "the example ran against the loopback API");

      Smith.shared().install(r, tools, BuildListener.NONE);
      assertTrue(Files.exists(tools.resolve("github_issues.java")), "the source is installed beside the tool");
      ToolRegistry registry = new ToolRegistry();
      try (ToolDirectory dir = new ToolDirectory(tools, registry,
              (wasm, m) -> WasmTool.load(wasm, m, Mode.COMPILED, egress, vault, line -> {}), line -> {});
          ToolInvoker invoker = Guards.invoker(registry)) {

        dir.scan();
        assertEquals(java.util.Map.of(), dir.problems());
        ToolResult result = invoker.call("github_issues", "{\"repo\": \"octo/demo\"}",
            new ToolContext("s1", "cli", "test", Optional.empty()));
        assertTrue(result.content().contains("\"title\":\"First issue\""), result.content());
        assertFalse(result.content().contains(Guards.TOKEN), "the secret never reaches the output");
        assertEquals(2, api.received.size());
        assertTrue(api.received.get(1).contains("auth=Bearer " + Guards.TOKEN), "egress injected the secret: " + api.received);
        assertTrue(api.received.get(1).startsWith("GET /repos/octo/demo/issues"), api.received.get(1));
      }
    }
  }

  /** A GitHub-like API on 127.0.0.1 that records what it receives. */
  static final class Api implements AutoCloseable {
    final List<String> received = new CopyOnWriteArrayList<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    Api() throws Exception {
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
          received.add(request.getMethod() + " " + request.getHttpURI().getPathQuery() + " auth="
              + request.getHeaders().get("Authorization"));
          response.setStatus(200);
          response.getHeaders().put("content-type", "application/json");
          response.write(true, StandardCharsets.UTF_8.encode(
              "[{\"number\": 1, \"title\": \"First issue\"}, {\"number\": 2, \"title\": \"Second\"}]"), callback);
          return true;
        }
      });
      server.start();
    }

    int port() {
      return connector.getLocalPort();
    }

    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the test server", e);
      }
    }
  }
}
