package dev.ironclaw4j.server.channels.lsp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ironclaw4j.server.agent.Conversations;
import dev.ironclaw4j.server.channels.ChannelServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A real {@code ironclaw4j lsp} server and a real lsp4j client in one process, joined by two OS pipes.
 * Everything the server writes is also kept, so a test can check that a value never went on the wire.
 */
final class LspHarness implements AutoCloseable {
  /** The server as the client sees it: standard LSP and the ironclaw/* requests. */
  interface Server extends LanguageServer, IronclawProtocol {}

  final LspServer server;
  final LspConnection connection;
  final TestClient client = new TestClient();
  final ByteArrayOutputStream wire = new ByteArrayOutputStream();
  Server remote;
  private final Pipe toServer;
  private final Pipe toClient;
  private Launcher<Server> launcher;

  LspHarness(ChannelServices services, Optional<Conversations> agent, LspOptions options) throws IOException {
    toServer = Pipe.open();
    toClient = Pipe.open();
    server = new LspServer(services, agent, options);
    OutputStream serverOut = Channels.newOutputStream(toClient.sink());
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        synchronized (wire) {
          wire.write(b, off, len);
        }
        serverOut.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        serverOut.flush();
      }
    };
    connection = LspConnection.start(server, Channels.newInputStream(toServer.source()), tee);
  }

  /** Starts the lsp4j client and initializes; {@code approvals} declares ironclaw/approvalRequest. */
  InitializeResult initialize(boolean approvals, JsonObject initOptions) throws Exception {
    launcher = new Launcher.Builder<Server>()
        .setLocalService(client)
        .setRemoteInterface(Server.class)
        .setInput(Channels.newInputStream(toClient.source()))
        .setOutput(Channels.newOutputStream(toServer.sink()))
        .create();
    launcher.startListening();
    remote = launcher.getRemoteProxy();
    InitializeParams p = new InitializeParams();
    ClientCapabilities caps = new ClientCapabilities();
    WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
    WorkspaceEditCapabilities we = new WorkspaceEditCapabilities();
    we.setDocumentChanges(true);
    ws.setWorkspaceEdit(we);
    ws.setApplyEdit(true);
    caps.setWorkspace(ws);
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    caps.setWindow(window);
    TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
    CodeActionCapabilities ca = new CodeActionCapabilities();
    ca.setDisabledSupport(true);
    td.setCodeAction(ca);
    caps.setTextDocument(td);
    if (approvals) {
      JsonObject ironclaw = new JsonObject();
      ironclaw.addProperty("approvalRequest", true);
      JsonObject exp = new JsonObject();
      exp.add("ironclaw", ironclaw);
      caps.setExperimental(exp);
    }
    p.setCapabilities(caps);
    p.setInitializationOptions(initOptions);
    InitializeResult r = remote.initialize(p).get(20, TimeUnit.SECONDS);
    remote.initialized(new InitializedParams());
    return r;
  }

  void open(String uri, String language, int version, String text) {
    remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, language, version, text)));
  }

  String wire() {
    synchronized (wire) {
      return wire.toString(StandardCharsets.UTF_8);
    }
  }

  // ---- raw frames, for malformed and oversized input ---------------------------------------------------

  private OutputStream rawOut;
  private InputStream rawIn;

  void rawWrite(byte[] bytes) throws IOException {
    if (rawOut == null) {
      rawOut = Channels.newOutputStream(toServer.sink());
    }
    rawOut.write(bytes);
    rawOut.flush();
  }

  void rawSend(String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    rawWrite(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    rawWrite(body);
  }

  /** The next message the server writes, read frame by frame without lsp4j. */
  JsonObject rawRead() throws IOException {
    if (rawIn == null) {
      rawIn = Channels.newInputStream(toClient.source());
    }
    int length = -1;
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = rawIn.read();
      if (c < 0) {
        throw new IOException("closed");
      }
      if (c == '\n') {
        String l = line.toString().strip();
        line.setLength(0);
        if (l.isEmpty()) {
          break;
        }
        if (l.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(l.substring(15).strip());
        }
      } else {
        line.append((char) c);
      }
    }
    byte[] body = rawIn.readNBytes(length);
    return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }

  @Override
  public void close() throws IOException {
    connection.close();
    toServer.sink().close();
    toClient.sink().close();
  }
}
