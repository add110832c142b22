package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.server.Version;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.daemon.Daemon;
import dev.ironclaw4j.server.daemon.ServerLock;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.logging.Logging;
import dev.ironclaw4j.server.os.ProcessHardening;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.storage.InstanceMeta;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j serve}: runs the daemon until Ctrl-C or SIGTERM. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start the ironclaw4j server on its embedded defaults (H2 database in the home, loopback only).",
      "Stops cleanly within 2 seconds on Ctrl-C or SIGTERM."
    })
final class ServeCommand implements Callable<Integer> {
  private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

  @ParentCommand RootCommand root;

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (overrides server.port; 0 = any free port).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    // First: before any secret can be in memory, other processes of this user lose access to it.
    ProcessHardening.Status hardening = ProcessHardening.makeNonDumpable();
    Home home = root.home().ensureExists();
    Config config = root.config(home);
    Level level = root.debug ? Level.FINE : Logging.level(config.string(ConfigKeys.LOG_LEVEL));
    Logging.install(level, null, level, root.debug, root.redaction);
    ServerLock lock = ServerLock.acquire(home);
    // The log file only once the home is ours: a second server must not rotate the first one's log.
    Logging.install(level, config.bool(ConfigKeys.LOG_FILE) ? home.logDir() : null, level, root.debug, root.redaction);
    warnIfHomeIsOpen(home);
    if (!hardening.nonDumpable()) {
      LOG.log(System.Logger.Level.WARNING, "process memory is not protected from same-user processes: {0}", hardening.detail());
    }
    Database db;
    Daemon daemon;
    try {
      db = Database.open(home, config);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    VaultAccess vaultAccess = VaultAccess.over(root, home, config, db);
    GuardStack guards;
    try {
      guards = GuardStack.open(config, db, root.redaction, unlockVault(vaultAccess), home);
    } catch (RuntimeException e) {
      db.close();
      lock.close();
      throw e;
    }
    home.restrictAll(); // database, log, lock, tools: owner-only even where the umask could not be set
    try {
      InstanceMeta.Start start = new InstanceMeta(db).recordStart();
      int p = port != null ? port : config.integer(ConfigKeys.SERVER_PORT);
      daemon = Daemon.start(config.string(ConfigKeys.SERVER_BIND), p);
      lock.describe(daemon.url());
      root.out.println("ironclaw4j " + Version.get() + " listening on " + daemon.url() + " (GET /health)");
      root.out.println("  home:     " + home.dir());
      root.out.println(
          "  database: " + db.displayUrl() + (start.firstStart()
              ? " (created)"
              : " (reused; created " + start.createdAt() + ", start #" + start.startCount() + ")"));
      root.out.println("  vault:    " + (vaultAccess.vault.isUnlocked() ? "unlocked"
          : vaultAccess.vault.isInitialized() ? "locked (set IRONCLAW4J_VAULT_PASSPHRASE or vault.key_file to unlock at start)"
          : "none yet ('ironclaw4j vault init')"));
      root.out.println("  tools:    " + guards.tools.specs().size() + " (guarded pipeline; 'ironclaw4j tool list')");
      root.out.println("Press Ctrl-C to stop.");
      root.out.flush();
      LOG.log(System.Logger.Level.INFO, "started on {0} with database {1}", daemon.url(), db.displayUrl());
    } catch (RuntimeException e) {
      guards.close();
      vaultAccess.vault.close();
      db.close();
      lock.close();
      throw e;
    }

    Daemon running = daemon;
    Thread stop =
        new Thread(() -> {
              long t0 = System.nanoTime();
              running.close();
              guards.close();
              vaultAccess.vault.close();
              long t1 = System.nanoTime();
              db.close();
              long t2 = System.nanoTime();
              lock.close();
              if (root.debug) {
                root.err.printf("stopped: http %d ms, database %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
              }
            },
            "ironclaw4j-shutdown");
    Runtime.getRuntime().addShutdownHook(stop);
    running.join();
    return 0;
  }

  /**
   * Unlocks the vault at start when that needs no prompt (key file or IRONCLAW4J_VAULT_PASSPHRASE); a
   * wrong passphrase or key stops the start (fail closed), an absent one leaves the vault locked.
   */
  private static java.util.Optional<dev.ironclaw4j.guard.vault.Vault> unlockVault(VaultAccess access) {
    if (!access.vault.isInitialized()) {
      return java.util.Optional.empty();
    }
    boolean keyFile = !access.config.string(ConfigKeys.VAULT_KEY_FILE).isEmpty();
    boolean passphrase = access.root.env.containsKey(VaultAccess.PASSPHRASE_ENV);
    if (!keyFile && !passphrase) {
      LOG.log(System.Logger.Level.INFO, "vault locked: no key file or passphrase given at start");
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(access.unlocked());
    } catch (dev.ironclaw4j.server.ServerException e) {
      if (e.exitCode() != dev.ironclaw4j.server.ServerException.USAGE) {
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, "vault stays locked: {0}", e.getMessage());
      return java.util.Optional.empty();
    }
  }

  private void warnIfHomeIsOpen(Home home) {
    try {
      if (!home.isOwnerOnly()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "the home {0} is readable by other users ({1}); run: chmod 700 {0}",
            home.dir(),
            home.permissions());
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot check the permissions of {0}: {1}", home.dir(), e.getMessage());
    }
  }
}
