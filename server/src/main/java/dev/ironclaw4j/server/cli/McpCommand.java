package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.mcp.GuardedMcpServer;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.Version;
import dev.ironclaw4j.server.runtime.GuardStack;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import dev.ironclaw4j.mcp.http.McpToken;
import dev.ironclaw4j.server.home.Home;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ironclaw4j mcp}: serves the guarded tools to an MCP client (Claude Desktop, Claude Code,
 * VS Code, Cursor...) over stdio until the client closes stdin. Stdout carries nothing but JSON-RPC:
 * logging goes to stderr and {@link System#out} is pointed at stderr while serving, so a stray print
 * from a library cannot corrupt the protocol.
 */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {"Without a subcommand: serve ironclaw4j's tools over the Model Context Protocol on stdin/stdout (for MCP clients).",
        "Every call passes the approval policy (channel 'mcp'), egress, leak redaction, safety checks and the audit log.",
        "'ask' approvals are put to you through the client's prompt (MCP elicitation) when it has one; otherwise they",
        "are refused: allow tools with tools.approval rules, e.g. 'mcp:http_request=allow'.",
        "The vault is unlocked by IRONCLAW4J_VAULT_PASSPHRASE or a key file; otherwise it stays locked.",
        "'serve' also offers the same tools over Streamable HTTP at /mcp with the bearer token of 'ironclaw4j mcp token'."},
    subcommands = {picocli.CommandLine.HelpCommand.class})
final class McpCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand RootCommand root;

  @Command(name = "token", description = {"Print the bearer token of serve's MCP HTTP endpoint (/mcp), creating it if needed.",
      "It is stored owner-only in the home (mcp-http.token). Clients send it as 'Authorization: Bearer TOKEN'."})
  int token(@Option(names = "--rotate", description = "Replace it with a new one (restart a running serve to use it).") boolean rotate) {
    root.quietLogging();
    Home home = root.home().ensureExists();
    McpToken t = rotate ? McpToken.rotate(home.mcpTokenFile()) : McpToken.loadOrCreate(home.mcpTokenFile());
    root.out.println(t.reveal());
    return 0;
  }

  @Override
  public Integer call() {
    root.quietLogging();
    PrintStream protocolOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
    PrintStream previous = System.out;
    System.setOut(System.err);
    try {
      return ToolCommand.withStack(root, true, g -> {
        root.err.println("ironclaw4j mcp: serving " + g.tools.specs().size() + " tools over stdio (logs on stderr)");
        root.err.flush();
        try (GuardedMcpServer server = GuardedMcpServer.stdio(g.tools, g.invoker, Version.get(), root.stdin, protocolOut)) {
          server.awaitInputClosed(GuardStack.TOOL_DEADLINE.plusSeconds(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ServerException(ServerException.FAILURE, "interrupted", e);
        }
        return 0;
      });
    } finally {
      protocolOut.flush();
      System.setOut(previous);
    }
  }
}
