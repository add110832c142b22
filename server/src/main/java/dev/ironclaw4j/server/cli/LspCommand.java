package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.channels.lsp.LspConnection;
import dev.ironclaw4j.server.channels.lsp.LspOptions;
import dev.ironclaw4j.server.channels.lsp.LspServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ironclaw4j lsp}: the language server an editor starts. Stdout carries nothing but LSP: logs go
 * to stderr, and {@link System#out} points at stderr while serving.
 */
@Command(
    name = "lsp",
    mixinStandardHelpOptions = true,
    description = {"Serve the Language Server Protocol on stdin/stdout (or one loopback socket) for an editor:",
        "secret diagnostics with a 'move to vault' quick fix, and chat, approvals, tools, vault, audit and memory",
        "through the ironclaw/* methods (docs/protocol.md, docs/editors.md).",
        "The vault is unlocked by IRONCLAW4J_VAULT_PASSPHRASE or a key file, never by a prompt."})
final class LspCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Option(names = "--stdio", description = "Speak over stdin/stdout (the default; accepted for editors that pass it).")
  boolean stdio;

  @Option(names = "--socket", paramLabel = "PORT",
      description = "Listen on 127.0.0.1:PORT for one editor connection instead of stdio (0 picks a free port).")
  Integer socket;

  @Option(names = "--clientProcessId", paramLabel = "PID", description = "End when this process (the editor) ends.")
  Long clientPid;

  @Option(names = "--max-message-bytes", paramLabel = "N", defaultValue = "" + LspOptions.DEFAULT_MAX_MESSAGE_BYTES,
      description = "Refuse messages with a larger body (default ${DEFAULT-VALUE}).")
  int maxMessageBytes;

  @Override
  public Integer call() throws IOException, InterruptedException {
    root.quietLogging();
    if (socket != null && (socket < 0 || socket > 65535)) {
      throw new ServerException(ServerException.USAGE, "--socket must be a port between 0 and 65535", null);
    }
    if (maxMessageBytes < 1024) {
      throw new ServerException(ServerException.USAGE, "--max-message-bytes must be at least 1024", null);
    }
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    PrintStream previous = System.out;
    System.setOut(System.err);
    try (EditorRuntime rt = EditorRuntime.open(root, "lsp")) {
      LspServer server = new LspServer(rt.services, rt.agent, LspOptions.defaults().withMaxMessageBytes(maxMessageBytes));
      if (socket != null) {
        try (ServerSocket ss = new ServerSocket(socket, 1, InetAddress.getLoopbackAddress())) {
          root.err.println("ironclaw4j lsp: listening on 127.0.0.1:" + ss.getLocalPort());
          root.err.flush();
          try (Socket s = ss.accept()) {
            return serve(server, s.getInputStream(), s.getOutputStream());
          }
        }
      }
      return serve(server, root.stdin, protocolOut);
    } finally {
      protocolOut.flush();
      System.setOut(previous);
    }
  }

  private int serve(LspServer server, java.io.InputStream in, OutputStream out) throws InterruptedException {
    try (LspConnection conn = LspConnection.start(server, in, out)) {
      if (clientPid != null) {
        ProcessHandle.of(clientPid).ifPresent(p -> p.onExit().thenRun(conn::close));
      }
      conn.awaitEnd();
      return conn.cleanExit() ? 0 : 1;
    }
  }
}
