package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.channels.acp.AcpServer;
import dev.ironclaw4j.server.channels.acp.JsonRpcPeer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ironclaw4j acp}: the agent an ACP editor (Zed, JetBrains IDEs) starts. Stdout carries nothing
 * but ACP's JSON-RPC lines: logs go to stderr, and {@link System#out} points at stderr while serving.
 */
@Command(
    name = "acp",
    mixinStandardHelpOptions = true,
    description = {"Serve the Agent Client Protocol on stdin/stdout for Zed, JetBrains IDEs and other ACP editors:",
        "sessions, streamed answers, tool calls and plans, permission requests for approvals, cancellation.",
        "The vault is unlocked by IRONCLAW4J_VAULT_PASSPHRASE or a key file, never by a prompt (docs/editors.md)."})
final class AcpCommand implements Callable<Integer> {
  static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  @ParentCommand RootCommand root;

  @Option(names = "--max-message-bytes", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_MESSAGE_BYTES,
      description = "Refuse messages (lines) longer than this (default ${DEFAULT-VALUE}).")
  int maxMessageBytes;

  @Option(names = "--permission-timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long a permission request waits for the user before it counts as denied (default ${DEFAULT-VALUE}).")
  int permissionTimeout;

  @Override
  public Integer call() throws InterruptedException {
    root.quietLogging();
    if (maxMessageBytes < 1024) {
      throw new ServerException(ServerException.USAGE, "--max-message-bytes must be at least 1024", null);
    }
    if (permissionTimeout < 1) {
      throw new ServerException(ServerException.USAGE, "--permission-timeout must be positive", null);
    }
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    PrintStream previous = System.out;
    System.setOut(System.err);
    try (EditorRuntime rt = EditorRuntime.open(root, "acp")) {
      if (rt.agent.isEmpty() && rt.services.available()) {
        root.err.println("ironclaw4j acp: the agent core is not part of this build: sessions will be refused"
            + " with 'agent core not available in this build'");
        root.err.flush();
      }
      AcpServer server = new AcpServer(rt.services, rt.agent, System.getProperty("user.name", "user"),
          Duration.ofSeconds(permissionTimeout));
      try (JsonRpcPeer peer = new JsonRpcPeer(root.stdin, protocolOut, maxMessageBytes, server)) {
        server.connect(peer);
        peer.start();
        peer.awaitEnd();
      }
      return 0;
    } finally {
      try {
        protocolOut.flush();
      } catch (java.io.IOException e) {
        // the editor is gone
      }
      System.setOut(previous);
    }
  }
}
