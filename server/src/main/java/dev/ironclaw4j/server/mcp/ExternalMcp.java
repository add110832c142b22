package dev.ironclaw4j.server.mcp;

import dev.ironclaw4j.guard.egress.Egress;
import dev.ironclaw4j.guard.egress.EgressRule;
import dev.ironclaw4j.guard.sandbox.ProcessSandbox;
import dev.ironclaw4j.guard.safety.SafetyConfig;
import dev.ironclaw4j.guard.safety.SafetyLayer;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.mcp.client.McpConnection;
import dev.ironclaw4j.mcp.client.McpMounts;
import dev.ironclaw4j.mcp.client.McpServerConfig;
import dev.ironclaw4j.mcp.client.McpServerStore;
import dev.ironclaw4j.server.audit.EgressAuditAdapter;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.runtime.GuardStack;
import io.modelcontextprotocol.spec.McpSchema;
import dev.ironclaw4j.guard.leak.LeakScanner;
import dev.ironclaw4j.guard.sandbox.ProcessSandboxes;
import dev.ironclaw4j.mcp.client.McpClientException;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.os.Sandboxing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The external MCP servers of a home, wired to this process's guards: stdio servers start through the
 * machine's {@link ProcessSandbox} (refused under {@code none} without the server's opt-in); HTTP servers get an egress client of their own whose policy is the configured
 * allow-list plus exactly the server's URL (loopback URLs with {@code allow-private}), audited and
 * leak-scanned like all egress, with the vault for the bearer token. {@link #mountApproved} registers
 * the approved servers' tools in the stack's registry.
 */
public final class ExternalMcp implements McpMounts.Connector, AutoCloseable {
  private final GuardStack guards;
  private final SecretLookup secrets;
  private final Supplier<ProcessSandbox> sandboxes;
  private ProcessSandbox sandbox;
  private final Map<String, String> env;
  private SafetyLayer safety;
  private final List<Egress> egresses = new CopyOnWriteArrayList<>();
  private McpMounts mounts;

  /**
   * @param sandboxes gives the sandbox stdio servers start in, asked once, when the first one starts
   *     (detecting it starts trial processes)
   */
  public ExternalMcp(GuardStack guards, SecretLookup secrets, Supplier<ProcessSandbox> sandboxes, Map<String, String> env) {
    this.guards = guards;
    this.secrets = secrets;
    this.sandboxes = sandboxes;
    this.env = Map.copyOf(env);
  }

  /** This machine's process sandbox (bubblewrap, namespaces, or {@code none}) with the home's policy. */
  public static Supplier<ProcessSandbox> detected(Home home, Config config, LeakScanner vaultValues) {
    return () -> ProcessSandboxes.detect(Sandboxing.policy(home, config, vaultValues)).sandbox();
  }

  private synchronized ProcessSandbox sandbox() {
    if (sandbox == null) {
      sandbox = sandboxes.get();
    }
    return sandbox;
  }

  public static McpServerStore store(Home home) {
    return new McpServerStore(home.mcpServersFile());
  }

  /** The safety layer for the poisoning scan, made on first use (most commands mount no server). */
  public synchronized SafetyLayer safety() {
    if (safety == null) {
      safety = new SafetyLayer(SafetyConfig.defaults());
    }
    return safety;
  }

  public String sandboxMechanism() {
    return sandbox().mechanism();
  }

  /** Mounts every approved server of the home; problems are reported through {@code log}, never thrown. */
  public ExternalMcp mountApproved(Home home, Consumer<String> log) {
    List<McpServerConfig> servers;
    try {
      servers = store(home).list();
    } catch (RuntimeException e) {
      log.accept(e.getMessage());
      return this;
    }
    if (!servers.isEmpty()) {
      mounts = McpMounts.mount(servers, guards.tools, this, safety(), log);
    }
    return this;
  }

  /** What happened to each server at mount time (empty when none is configured). */
  public List<McpMounts.Status> statuses() {
    return mounts == null ? List.of() : mounts.statuses();
  }

  @Override
  public McpConnection connect(McpServerConfig server, Consumer<List<McpSchema.Tool>> onToolsChanged) {
    if (server.transport() == McpServerConfig.Transport.STDIO) {
      return McpConnection.stdio(server, sandbox(), workDir(server), env, onToolsChanged);
    }
    Egress egress = Egress.builder()
        .policy(guards.egress.policy().with(List.of(ruleFor(server.url()))))
        .leakScanner(guards.leaks)
        .audit(new EgressAuditAdapter(guards.audit))
        .secrets(secrets)
        .build();
    egresses.add(egress);
    return McpConnection.http(server, egress, onToolsChanged);
  }

  /**
   * Where a stdio server runs (and may write): the folder given at {@code mcp add --work-dir}, else one
   * of its own under the user's cache folder. Never the home itself, which the sandbox refuses as too
   * wide (it would make the whole home writable).
   */
  private Path workDir(McpServerConfig server) {
    if (server.workDir() != null) {
      return Path.of(server.workDir());
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    Path dir = cache.resolve("ironclaw4j-mcp").resolve(server.name());
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      createPlain(dir);
    } catch (IOException e) {
      throw new McpClientException("start-failed", "cannot create the work folder " + dir + " of " + server.name() + ": " + e.getMessage(), e);
    }
    return dir;
  }

  private static void createPlain(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new McpClientException("start-failed", "cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Exactly the server's URL (its path and below), the methods of Streamable HTTP; loopback may be private. */
  static EgressRule ruleFor(String url) {
    URI u = URI.create(url);
    String host = u.getHost().toLowerCase(Locale.ROOT);
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    int port = u.getPort() > 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
    return EgressRule.parse(u.getScheme() + "://" + host + ":" + port + path + " GET,POST,DELETE" + (loopback ? " allow-private" : ""));
  }

  @Override
  public void close() {
    if (mounts != null) {
      mounts.close();
    }
    egresses.forEach(Egress::close);
  }
}
