package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.agent.AgentCore;
import dev.ironclaw4j.server.agent.Conversations;
import dev.ironclaw4j.server.channels.ChannelServices;
import dev.ironclaw4j.server.channels.ToolBuilds;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.mcp.ExternalMcp;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.storage.StorageException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the editor protocol commands ({@code lsp}, {@code acp}) run on: the database, the vault (unlocked
 * by {@code IRONCLAW4J_VAULT_PASSPHRASE} or a key file, never by a prompt: stdin is the protocol), the
 * one guard stack, the channel services over it, and the agent core when the build has one.
 *
 * <p>When the embedded database is held by another process (a running {@code ironclaw4j serve}), the
 * runtime is degraded instead of failing: pattern diagnostics still work and everything else answers
 * a clear error naming the cause.
 */
final class EditorRuntime implements AutoCloseable {
  /** What the agent hook is handed: the process's configuration, database, home and guard stack. */
  record Context(Config config, Database db, Home home, GuardStack stack, Optional<Vault> vault) {}

  /** The agent core as the channels get it: the conversations, whether a chat model is configured, its closer. */
  record Agent(Conversations conversations, BooleanSupplier modelConfigured, AutoCloseable closer) {}

  /**
   * THE hook through which {@code lsp} and {@code acp} get the agent core: the same {@link AgentCore}
   * (sessions, loop, tool pipeline) that {@code chat} uses, so no protocol has a weaker path to tools.
   */
  static Supplier<Optional<Agent>> agentCore(Context context) {
    return () -> {
      AgentCore core = AgentCore.open(context.config(), context.db(), context.stack(), context.home(), context.vault());
      return Optional.of(new Agent(core, core::hasModel, core));
    };
  }

  final ChannelServices services;
  final Optional<Conversations> agent;
  private final Optional<Agent> core;
  private final ToolBuilds builds;
  private final ExternalMcp mcp;
  private final VaultAccess access;
  private final GuardStack stack;

  private EditorRuntime(ChannelServices services, Optional<Agent> core, VaultAccess access, GuardStack stack,
      ToolBuilds builds, ExternalMcp mcp) {
    this.services = services;
    this.mcp = mcp;
    this.builds = builds;
    this.core = core;
    this.agent = core.map(Agent::conversations);
    this.access = access;
    this.stack = stack;
  }

  static EditorRuntime open(RootCommand root, String command) {
    VaultAccess access;
    try {
      access = VaultAccess.open(root, true);
    } catch (StorageException e) {
      String why = e.getMessage() + "; stop it while the editor uses ironclaw4j, or share a PostgreSQL database"
          + " (database.url) between them";
      root.err.println("ironclaw4j " + command + ": " + why + ". Running with pattern-only secret diagnostics.");
      root.err.flush();
      return new EditorRuntime(ChannelServices.degraded(why), Optional.empty(), null, null, null, null);
    }
    try {
      Optional<Vault> vault = Optional.empty();
      if (access.vault.isInitialized()) {
        try {
          vault = Optional.of(access.unlockedWithoutPrompt());
        } catch (ServerException e) {
          if (e.exitCode() != ServerException.USAGE) {
            throw e;
          }
          root.err.println("ironclaw4j " + command + ": the vault stays locked (" + e.getMessage()
              + "); secret diagnostics use patterns only and new secrets cannot be stored");
          vault = Optional.of(access.vault);
        } catch (RuntimeException e) {
          root.err.println("ironclaw4j " + command + ": the vault stays locked: " + e.getMessage());
          vault = Optional.of(access.vault);
        }
      } else {
        vault = Optional.of(access.vault);
      }
      root.err.flush();
      GuardStack g = GuardStack.open(access.config, access.db, root.redaction, vault, access.home);
      // The external MCP servers the user approved ('ironclaw4j mcp add'), as guarded tools: the editor's
      // agent sees the same tools as 'serve' and 'chat'.
      ExternalMcp mcp = new ExternalMcp(g, vault.filter(Vault::isUnlocked).<SecretLookup>map(v -> v).orElse(SecretLookup.NONE),
          ExternalMcp.detected(access.home, access.config, g.leaks), root.env)
          .mountApproved(access.home, line -> root.err.println("ironclaw4j " + command + ": " + line));
      Optional<Agent> core = agentCore(new Context(access.config, access.db, access.home, g, vault)).get();
      ChannelServices services = ChannelServices.of(g, vault, core.isPresent(),
          core.map(Agent::modelConfigured).orElse(() -> false));
      ToolBuilds builds = new ToolBuilds(g, vault.filter(Vault::isUnlocked).<SecretLookup>map(v -> v).orElse(SecretLookup.NONE),
          access.home.ensureExists().toolsDir());
      services.withToolBuilds(builds);
      return new EditorRuntime(services, core, access, g, builds, mcp);
    } catch (RuntimeException e) {
      access.close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (builds != null) {
      builds.close();
    }
    core.ifPresent(c -> {
      try {
        c.closer().close();
      } catch (Exception e) {
        // closing the agent must not keep the guard stack and the database open
      }
    });
    if (mcp != null) {
      mcp.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (access != null) {
      access.close();
    }
  }
}
