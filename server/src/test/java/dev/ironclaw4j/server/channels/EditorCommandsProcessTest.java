package dev.ironclaw4j.server.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ironclaw4j.guard.redact.RedactionHook;
import dev.ironclaw4j.guard.vault.Argon2Params;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.vault.JdbcVaultStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ironclaw4j lsp} and {@code ironclaw4j acp} as real child processes: stdout carries nothing but
 * the protocol, the vault is unlocked from the environment, chat says the agent core is missing, the
 * LSP exit code follows shutdown/exit, and a database held by another process (a running serve) leaves
 * the LSP server up with pattern diagnostics and a clear reason.
 */
class EditorCommandsProcessTest {
  @TempDir Path tmp;

  Path home() {
    return tmp.resolve("home");
  }

  /** A home whose vault exists (cheap key derivation, so the child unlocks fast). */
  void initVault() {
    Home home = new Home(home()).ensureExists();
    Config config = Config.load(home, Map.of());
    try (Database db = Database.open(home, config);
        Vault v = new Vault(new JdbcVaultStore(db), new RedactionHook(), Vault.Options.defaults()
            .withKdf(Argon2Params.insecureForTestsOnly()).withFailureDelay(n -> Duration.ZERO, d -> {}))) {
      v.initialize(ChannelFixture.passphrase());
    }
  }

  Process start(String command, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "dev.ironclaw4j.server.cli.Main", "--home", home().toString(), command));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("IRONCLAW4J_"));
    pb.environment().put("IRONCLAW4J_VAULT_PASSPHRASE", ChannelFixture.PASS);
    pb.redirectError(tmp.resolve(command + "-stderr.txt").toFile());
    return pb.start();
  }

  String stderr(String command) throws IOException {
    return Files.readString(tmp.resolve(command + "-stderr.txt"));
  }

  static void send(OutputStream out, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  /** Reads one LSP frame; anything but a frame on stdout fails the test. */
  static JsonObject read(InputStream in) throws IOException {
    StringBuilder header = new StringBuilder();
    int length = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("stdout closed");
      }
      if (c == '\n') {
        String line = header.toString().strip();
        header.setLength(0);
        if (line.isEmpty()) {
          break;
        }
        assertTrue(line.startsWith("Content-Length:") || line.startsWith("Content-Type:"), "not a header: " + line);
        if (line.startsWith("Content-Length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      } else {
        header.append((char) c);
      }
    }
    return JsonParser.parseString(new String(in.readNBytes(length), StandardCharsets.UTF_8)).getAsJsonObject();
  }

  static JsonObject response(InputStream in, int id) throws IOException {
    while (true) {
      JsonObject m = read(in);
      if (m.has("id") && !m.has("method") && m.get("id").getAsInt() == id) {
        return m;
      }
    }
  }

  static JsonObject notification(InputStream in, String method) throws IOException {
    while (true) {
      JsonObject m = read(in);
      if (m.has("method") && m.get("method").getAsString().equals(method)) {
        return m;
      }
    }
  }

  static final String OPEN = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
      + "{\"uri\":\"file:///w/a.env\",\"languageId\":\"dotenv\",\"version\":1,\"text\":\"AWS_KEY=AKIAZ3MXQ7RT2VBN4KLP\\n\"}}}";

  @Test
  void lspOverStdio() throws Exception {
    initVault();
    Process p = start("lsp");
    try {
      OutputStream in = p.getOutputStream();
      InputStream out = p.getInputStream();
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}");
      assertEquals("ironclaw4j", response(out, 1).getAsJsonObject("result").getAsJsonObject("serverInfo").get("name").getAsString());
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
      send(in, OPEN);
      JsonObject diag = notification(out, "textDocument/publishDiagnostics").getAsJsonObject("params")
          .getAsJsonArray("diagnostics").get(0).getAsJsonObject();
      assertEquals("aws_access_key_id", diag.get("code").getAsString());
      assertEquals(8, diag.getAsJsonObject("range").getAsJsonObject("start").get("character").getAsInt());

      send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ironclaw/status\"}");
      JsonObject status = response(out, 2).getAsJsonObject("result");
      assertEquals("unlocked", status.get("vault").getAsString());
      assertFalse(status.get("agent").getAsBoolean());
      assertFalse(status.get("model").getAsBoolean());

      send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ironclaw/chat/start\",\"params\":{\"prompt\":\"hi\"}}");
      JsonObject error = response(out, 3).getAsJsonObject("error");
      assertEquals(ChannelException.AGENT_UNAVAILABLE, error.get("code").getAsInt());
      assertTrue(error.get("message").getAsString().startsWith("agent core not available in this build"));

      send(in, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"shutdown\"}");
      assertTrue(response(out, 4).has("result"));
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exit ends the process");
      assertEquals(0, p.exitValue(), stderr("lsp"));
      assertEquals(-1, out.read(), "nothing after the protocol");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void lspWithTheDatabaseHeldByAnotherProcessKeepsDiagnostics() throws Exception {
    initVault();
    Home home = new Home(home());
    try (Database held = Database.open(home, Config.load(home, Map.of()))) {
      assertEquals(Database.Dialect.H2, held.dialect(), "this process holds the embedded database");
      Process p = start("lsp");
      try {
        OutputStream in = p.getOutputStream();
        InputStream out = p.getInputStream();
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}");
        response(out, 1);
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        JsonObject warning = notification(out, "window/showMessage");
        assertTrue(warning.toString().contains("in use by another process"), warning.toString());
        send(in, OPEN);
        assertEquals("aws_access_key_id", notification(out, "textDocument/publishDiagnostics").getAsJsonObject("params")
            .getAsJsonArray("diagnostics").get(0).getAsJsonObject().get("code").getAsString());
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ironclaw/vault/list\"}");
        JsonObject error = response(out, 2).getAsJsonObject("error");
        assertEquals(ChannelException.DATABASE_UNAVAILABLE, error.get("code").getAsInt());
        assertTrue(error.get("message").getAsString().contains("ironclaw4j serve"), error.toString());
        in.close(); // the editor went away without shutdown
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), "no shutdown before the end: exit code 1, as LSP says");
        assertTrue(stderr("lsp").contains("pattern-only"), stderr("lsp"));
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void lspOverALoopbackSocket() throws Exception {
    initVault();
    Process p = start("lsp", "--socket", "0");
    try {
      int port = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (port < 0 && System.nanoTime() < deadline) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(stderr("lsp"));
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        } else {
          Thread.sleep(100);
        }
      }
      assertTrue(port > 0, stderr("lsp"));
      try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
        OutputStream in = s.getOutputStream();
        InputStream out = s.getInputStream();
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}");
        assertEquals("ironclaw4j", response(out, 1).getAsJsonObject("result").getAsJsonObject("serverInfo").get("name").getAsString());
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
        response(out, 2);
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exit ends the process");
        assertEquals(0, p.exitValue(), stderr("lsp"));
      }
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void acpOverStdio() throws Exception {
    initVault();
    Process p = start("acp");
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream in = p.getOutputStream();
      in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":1}}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"session/new\",\"params\":{\"cwd\":\"/w\",\"mcpServers\":[]}}\n")
          .getBytes(StandardCharsets.UTF_8));
      in.flush();
      JsonObject init = JsonParser.parseString(out.readLine()).getAsJsonObject();
      JsonObject session = JsonParser.parseString(out.readLine()).getAsJsonObject();
      if (init.get("id").getAsInt() == 2) {
        JsonObject t = init;
        init = session;
        session = t;
      }
      assertEquals(1, init.getAsJsonObject("result").get("protocolVersion").getAsInt());
      assertEquals(ChannelException.AGENT_UNAVAILABLE, session.getAsJsonObject("error").get("code").getAsInt());
      in.close();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), stderr("acp"));
      assertEquals(null, out.readLine(), "nothing but JSON-RPC lines on stdout");
      assertTrue(stderr("acp").contains("agent core is not part of this build"), stderr("acp"));
    } finally {
      p.destroyForcibly();
    }
  }
}
