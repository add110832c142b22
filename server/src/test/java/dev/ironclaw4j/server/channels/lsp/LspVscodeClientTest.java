package dev.ironclaw4j.server.channels.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.vault.SecretValue;
import dev.ironclaw4j.server.channels.ChannelException;
import dev.ironclaw4j.server.channels.ChannelFixture;
import dev.ironclaw4j.server.channels.ChannelFixture.VaultState;
import dev.ironclaw4j.server.channels.NodePackages;
import dev.ironclaw4j.server.channels.TestConversations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Interop with the client stack of {@code vscode-languageclient} from npm (installed into
 * {@code target/lsp-vscode}): its protocol connection ({@code vscode-languageserver-protocol} over
 * {@code vscode-jsonrpc}, what the extension's LanguageClient runs on; the LanguageClient class itself
 * needs a running VS Code) drives the server in this JVM over node's stdin/stdout: a fake AWS key gets
 * a diagnostic, the quick fix stores it in the vault and edits the document, chat streams with an
 * approval, then shutdown and exit.
 */
class LspVscodeClientTest {
  static final String CLIENT = "vscode-languageclient@11.0.0";

  @TempDir Path tmp;

  String stderr() {
    try {
      return Files.readString(tmp.resolve("node-stderr.txt"));
    } catch (java.io.IOException e) {
      return "(no stderr)";
    }
  }

  @Test
  void vscodeClientStackGetsDiagnosticsQuickFixAndChat() throws Exception {
    Path dir = NodePackages.prepare("lsp-vscode", "/lsp/vscode-client.mjs", CLIENT);
    Path summaryFile = tmp.resolve("summary.json");
    try (ChannelFixture fx = new ChannelFixture(tmp.resolve("fx"), VaultState.UNLOCKED, false)) {
      LspServer server = new LspServer(fx.services, Optional.of(new TestConversations()),
          LspOptions.defaults().withApprovalTimeout(Duration.ofSeconds(30)));
      Process node = new ProcessBuilder("node", "vscode-client.mjs", summaryFile.toString())
          .directory(dir.toFile()).redirectError(tmp.resolve("node-stderr.txt").toFile()).start();
      try (LspConnection conn = LspConnection.start(server, node.getInputStream(), node.getOutputStream())) {
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the client finished");
        assertEquals(0, node.exitValue(), () -> "the client failed: " + stderr());
        assertTrue(conn.awaitEnd(10_000), "exit ended the connection");
        assertTrue(conn.cleanExit(), "shutdown came before exit");
      } finally {
        node.destroyForcibly();
      }
      assertTrue(fx.vault.resolve("AWS_KEY").orElseThrow().value()
          .sameValueAs(SecretValue.of("x", LspServerTest.KEY.getBytes(StandardCharsets.US_ASCII))));
    }
    JsonNode s = JsonMapper.shared().readTree(Files.readString(summaryFile));
    assertTrue(s.path("clientVersion").asString().startsWith("11."), s.toString());
    assertEquals("ironclaw4j", s.path("server").asString());
    String line = "export const awsKey = \"" + LspServerTest.KEY + "\";";
    assertEquals(0, s.path("range").path("start").path("line").asInt());
    assertEquals(line.indexOf("AKIA"), s.path("range").path("start").path("character").asInt());
    assertEquals(line.indexOf("AKIA") + LspServerTest.KEY.length(), s.path("range").path("end").path("character").asInt());
    assertEquals("aws_access_key_id", s.path("code").asString());
    assertEquals("Move secret to vault as AWS_KEY", s.path("title").asString());
    assertEquals("export const awsKey = process.env.AWS_KEY;\n", s.path("text").asString());
    assertEquals(0, s.path("diagnosticsAfter").asInt());
    assertEquals("completed", s.path("status").asString());
    assertEquals("Hello, world (allowed: allow_once)", s.path("deltas").asString());
    assertEquals(TestConversations.TOOL, s.path("approvals").get(0).asString());
    assertEquals("unlocked", s.path("vault").asString());
    assertTrue(s.path("echo").path("ok").asBoolean(), s.toString());
    assertTrue(s.path("progress").toString().contains("begin") && s.path("progress").toString().contains("end"), s.toString());
    assertEquals(ChannelException.NOT_FOUND, s.path("cancelError").asInt());
    assertFalse(s.toString().contains(LspServerTest.KEY), "the value never reached the client");
  }
}
