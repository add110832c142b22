package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.redact.RedactionHook;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.Version;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.logging.Logging;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code ironclaw4j}: the root command, holding what every subcommand shares. */
@Command(
    name = "ironclaw4j",
    mixinStandardHelpOptions = true,
    versionProvider = RootCommand.VersionProvider.class,
    description = {
      "A security-first AI agent server for code editors.",
      "Secrets stay in an encrypted vault and never reach the model; nothing leaves the machine that you did not allow."
    },
    subcommands = {
      ServeCommand.class,
      DoctorCommand.class,
      ConfigCommand.class,
      AuditCommand.class,
      SecretCommand.class,
      VaultCommand.class,
      SanitizeCommand.class,
      UrlCheckCommand.class,
      LeaksCommand.class,
      ScanCommand.class,
      ToolCommand.class,
      MemoryCommand.class,
      McpCommand.class,
      ModelCommand.class,
      ChatCommand.class,
      AttestCommand.class,
      LspCommand.class,
      AcpCommand.class
    },
    footer = {"", "Documentation: docs/ in the repository. Exit codes: 0 ok, 1 failure, 2 bad usage."})
public final class RootCommand implements Callable<Integer> {
  @Option(
      names = "--home",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "ironclaw4j home (default: $IRONCLAW4J_HOME, else ~/.ironclaw4j).")
  Path homeFlag;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces and debug logs.")
  boolean debug;

  final Map<String, String> env;
  final PrintWriter out;
  final PrintWriter err;
  final RedactionHook redaction = new RedactionHook();
  /** Standard input: secret values and passphrases are read from here when there is no terminal. */
  final InputStream stdin;
  /** Whether a terminal may be used for hidden prompts (false when the caller hands in stdin). */
  final boolean terminalAllowed;
  /** How the vault behaves; tests swap in cheap key derivation and no unlock delay. */
  Vault.Options vaultOptions = Vault.Options.defaults();
  /** How 'attest' checks a provider: Intel's pinned root; tests substitute their own checker. */
  AttestCommand.Checkers attestCheckers = AttestCommand.PRODUCTION;

  RootCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
    this(env, out, err, System.in, true);
  }

  RootCommand(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream stdin, boolean terminalAllowed) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.stdin = stdin;
    this.terminalAllowed = terminalAllowed;
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return 0;
  }

  Home home() {
    return Home.resolve(homeFlag, env);
  }

  Config config(Home home) {
    return Config.load(home, env);
  }

  /** Opens (and migrates) the database of the home for a short command. */
  Database openDatabase(Home home) {
    return Database.open(home.ensureExists(), config(home));
  }

  /** Logging for a short command: warnings and errors to stderr only. */
  void quietLogging() {
    Logging.install(debug ? Level.FINE : Level.WARNING, null, Level.OFF, debug, redaction);
  }

  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "ironclaw4j " + Version.get(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
      };
    }
  }
}
