package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.mcp.GuardedMcpServer;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.Version;
import dev.ironclaw4j.server.runtime.GuardStack;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import dev.ironclaw4j.guard.leak.Finding;
import dev.ironclaw4j.mcp.client.McpClientException;
import dev.ironclaw4j.mcp.client.McpMounts;
import dev.ironclaw4j.mcp.client.McpServerConfig;
import dev.ironclaw4j.mcp.client.McpServerStore;
import dev.ironclaw4j.mcp.client.ToolDefinitions;
import dev.ironclaw4j.mcp.http.McpToken;
import dev.ironclaw4j.server.mcp.ExternalMcp;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.ironclaw4j.server.home.Home;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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

  @Command(name = "add", description = {
      "Mount an external MCP server: its tools become NAME.tool, every call through the guarded pipeline.",
      "  ironclaw4j mcp add NAME [--env K=V]... [--work-dir DIR] [--allow-unsandboxed] -- COMMAND [ARGS...]   (stdio)",
      "  ironclaw4j mcp add NAME --url https://host/mcp [--token-secret SECRET]           (Streamable HTTP)",
      "Connects once, shows the tools and what the poisoning scan flagged, and approves (pins) their definitions",
      "unless something was flagged. The token is a vault secret bound to the URL with --inject bearer."})
  int add(
      @Parameters(index = "0", paramLabel = "NAME", description = "lower_snake_case server name") String name,
      @Parameters(index = "1..*", arity = "0..*", paramLabel = "COMMAND", description = "the command and its arguments, after --") List<String> command,
      @Option(names = "--url", paramLabel = "URL", description = "a Streamable HTTP server") String url,
      @Option(names = "--token-secret", paramLabel = "SECRET", description = "vault secret sent as its bearer token") String tokenSecret,
      @Option(names = "--env", paramLabel = "KEY=VALUE", description = "environment of a stdio server (nothing else of yours is passed but PATH, HOME, locale)") Map<String, String> env,
      @Option(names = "--allow-unsandboxed", description = "run this stdio server even where no OS sandbox is available: it then has all your rights") boolean allowUnsandboxed,
      @Option(names = "--work-dir", paramLabel = "DIR", description = "the folder a stdio server runs in and may write (default: one of its own under ~/.cache/ironclaw4j-mcp)") java.nio.file.Path workDir,
      @Option(names = "--accept-flagged", description = "approve even if the poisoning scan flagged a description (you read them)") boolean acceptFlagged) {
    root.quietLogging();
    McpServerConfig cfg;
    try {
      if ((url == null) == (command == null || command.isEmpty())) {
        throw new IllegalArgumentException("give either --url URL or -- COMMAND [ARGS...]");
      }
      cfg = url != null ? McpServerConfig.http(name, url, tokenSecret)
          : McpServerConfig.stdio(name, command, env == null ? Map.of() : env, allowUnsandboxed,
              workDir == null ? null : workDir.toAbsolutePath().normalize().toString());
    } catch (IllegalArgumentException e) {
      throw new ServerException(ServerException.USAGE, e.getMessage(), e);
    }
    McpServerStore store = ExternalMcp.store(root.home().ensureExists());
    if (store.find(name).isPresent()) {
      throw new ServerException(ServerException.USAGE, "an MCP server named '" + name + "' exists; remove it first ('ironclaw4j mcp rm " + name + "')", null);
    }
    return ToolCommand.withStack(root, true, false, (g, mcp) -> {
      for (Map.Entry<String, String> e : cfg.env().entrySet()) {
        for (Finding f : g.leaks.scan(e.getValue())) {
          if (f.secretName() != null) {
            throw new ServerException(ServerException.USAGE, "--env " + e.getKey() + " holds the value of the vault secret "
                + f.secretName() + "; vault values are never handed to MCP servers", null);
          }
          root.err.println("note: --env " + e.getKey() + " looks like a credential (" + f.type() + "); it is stored in plain text in "
              + "the home's mcp-servers.json (owner-only) and given to this server");
        }
      }
      return review(store, g, mcp, cfg, acceptFlagged);
    });
  }

  @Command(name = "approve", description = {"Connect to an added server, show its tools as they are now and approve (pin) them.",
      "Needed after the server changed its tool definitions: until then its tools stay disabled."})
  int approve(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--accept-flagged", description = "approve even if the poisoning scan flagged a description (you read them)") boolean acceptFlagged) {
    root.quietLogging();
    McpServerStore store = ExternalMcp.store(root.home().ensureExists());
    McpServerConfig cfg = store.find(name).orElseThrow(() -> new ServerException(ServerException.USAGE,
        "no MCP server named '" + name + "' (see 'ironclaw4j mcp list')", null));
    return ToolCommand.withStack(root, true, false, (g, mcp) -> review(store, g, mcp, cfg, acceptFlagged));
  }

  @Command(name = "list", description = "The external MCP servers: transport, approval, pinned tools, command or URL.")
  int list() {
    root.quietLogging();
    List<McpServerConfig> all = ExternalMcp.store(root.home()).list();
    if (all.isEmpty()) {
      root.out.println("no MCP servers ('ironclaw4j mcp add NAME -- COMMAND' or 'ironclaw4j mcp add NAME --url URL')");
    }
    for (McpServerConfig s : all) {
      McpServerConfig.Pin p = s.pin();
      String state = p == null ? "pending" : p.flagged() ? "approved(flagged)" : "approved";
      root.out.printf("%-16s %-5s %-17s %s%n", s.name(), s.transport().wireName(), state,
          p == null ? "-" : p.tools().size() + " tools, sha256 " + p.digest().substring(0, 12));
      root.out.printf("    %s%s%n", s.target(), s.allowUnsandboxed() ? "  [may run unsandboxed]" : "");
    }
    return 0;
  }

  @Command(name = "rm", description = "Remove an external MCP server (its tools are gone at the next start).")
  int rm(@Parameters(paramLabel = "NAME") String name) {
    root.quietLogging();
    if (!ExternalMcp.store(root.home()).remove(name)) {
      throw new ServerException("no MCP server named '" + name + "' (see 'ironclaw4j mcp list')");
    }
    root.out.println("removed " + name);
    return 0;
  }

  /** Connects, lists and scans; pins and saves when nothing is flagged or the user accepted the flags. */
  private int review(McpServerStore store, GuardStack g, ExternalMcp mcp, McpServerConfig cfg, boolean acceptFlagged) {
    Set<String> others = new TreeSet<>();
    g.tools.specs().forEach(t -> others.add(t.name()));
    for (McpServerConfig s : store.list()) {
      if (!s.name().equals(cfg.name()) && s.pin() != null) {
        s.pin().tools().forEach(t -> others.add(s.name() + "." + t));
      }
    }
    ToolDefinitions.Review r;
    try {
      r = McpMounts.inspect(cfg, mcp, mcp.safety(), others);
    } catch (McpClientException e) {
      root.err.println("ironclaw4j: " + e.getMessage());
      return ServerException.FAILURE;
    }
    root.out.println(cfg.name() + ": " + r.tools().size() + " tools (" + cfg.transport().wireName() + ", " + cfg.target() + ")");
    for (McpSchema.Tool t : r.tools()) {
      String d = t.description() == null ? "" : t.description().replaceAll("\\s+", " ");
      root.out.printf("  %-28s %s%n", cfg.name() + "." + McpMounts.localName(t.name()), d.length() > 200 ? d.substring(0, 200) + "..." : d);
    }
    McpServerConfig.Pin previous = cfg.pin();
    if (previous != null && !previous.digest().equals(r.digest())) {
      Set<String> added = new TreeSet<>(r.names());
      added.removeAll(previous.tools());
      Set<String> removed = new TreeSet<>(previous.tools());
      removed.removeAll(r.names());
      root.out.println("CHANGED since the approval of " + previous.approvedAt() + ": definitions differ"
          + (added.isEmpty() ? "" : "; new tools " + added) + (removed.isEmpty() ? "" : "; removed " + removed));
    }
    for (ToolDefinitions.Flag f : r.flags()) {
      root.out.println("FLAGGED " + cfg.name() + "." + McpMounts.localName(f.tool()) + ": " + f.problem());
    }
    if (!r.flags().isEmpty() && !acceptFlagged) {
      store.put(cfg.withPin(null));
      root.out.println("not approved: read the flagged descriptions above; a description that gives the model orders or points it at"
          + " other tools is a known attack. If you trust this server: ironclaw4j mcp approve " + cfg.name() + " --accept-flagged");
      return ServerException.FAILURE;
    }
    McpServerConfig.Pin pin = new McpServerConfig.Pin(r.digest(), r.names(), !r.flags().isEmpty(), Instant.now().toString());
    store.put(cfg.withPin(pin));
    root.out.println("approved " + cfg.name() + ": " + r.tools().size() + " tools pinned (sha256 " + r.digest().substring(0, 12)
        + "); a change to their definitions disables them until 'ironclaw4j mcp approve " + cfg.name() + "'");
    if (cfg.transport() == McpServerConfig.Transport.STDIO && !mcp.sandboxMechanism().equals("none")) {
      root.out.println("  runs in the " + mcp.sandboxMechanism() + " sandbox");
    } else if (cfg.transport() == McpServerConfig.Transport.STDIO) {
      root.out.println("  WARNING: runs without an OS sandbox (you allowed it with --allow-unsandboxed)");
    }
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
