package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.audit.AuditEvent;
import dev.ironclaw4j.guard.audit.AuditLog;
import dev.ironclaw4j.guard.vault.KekSource;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.guard.vault.VaultException;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.audit.JdbcAuditStore;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.vault.JdbcVaultStore;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * What the {@code vault} and {@code secret} commands share: opening the database and the vault, and
 * unlocking it by key file ({@code vault.key_file}), by {@code IRONCLAW4J_VAULT_PASSPHRASE}, or by a
 * hidden prompt on a terminal, in that order of the vault's mode.
 */
final class VaultAccess implements AutoCloseable {
  static final String PASSPHRASE_ENV = "IRONCLAW4J_VAULT_PASSPHRASE";
  static final String NEW_PASSPHRASE_ENV = "IRONCLAW4J_VAULT_NEW_PASSPHRASE";

  final RootCommand root;
  final Home home;
  final Config config;
  final Database db;
  final Vault vault;
  /** False for protocol servers (lsp, acp): their stdin is the protocol, so never prompt. */
  private boolean interactive = true;

  private VaultAccess(RootCommand root, Home home, Config config, Database db) {
    this.root = root;
    this.home = home;
    this.config = config;
    this.db = db;
    this.vault = new Vault(new JdbcVaultStore(db), root.redaction, root.vaultOptions);
  }

  /** The (still locked) vault over a database someone else opened, e.g. the running server's. */
  static VaultAccess over(RootCommand root, Home home, Config config, Database db) {
    return new VaultAccess(root, home, config, db);
  }

  /** Opens the database and the (still locked) vault. */
  static VaultAccess open(RootCommand root, boolean create) {
    root.quietLogging();
    Home home = root.home();
    Config config = root.config(home);
    if (!create && config.string(ConfigKeys.DATABASE_URL).isEmpty() && !Files.isDirectory(home.dataDir())) {
      throw new ServerException("there is no vault in " + home.dir() + " yet; create one with 'ironclaw4j vault init'");
    }
    home.ensureExists();
    return new VaultAccess(root, home, config, Database.open(home, config));
  }

  /** As {@link #unlocked()}, but never prompting: the key file or the environment variable only. */
  Vault unlockedWithoutPrompt() {
    interactive = false;
    return unlocked();
  }

  /** The vault, unlocked by the method its mode needs; a refused unlock is audited. */
  Vault unlocked() {
    String mode = vault.kekMode().orElseThrow(() ->
        new ServerException("there is no vault yet; create one with 'ironclaw4j vault init'"));
    KekSource source = currentSource(mode);
    try {
      vault.unlock(source);
    } catch (VaultException e) {
      audit("vault.unlock", "vault", "denied", e.reason());
      throw e;
    } finally {
      source.wipe();
    }
    return vault;
  }

  /**
   * Records a vault change or refusal in the audit log: the kind ({@code vault.unlock},
   * {@code secret.set}, ...), the secret's name or {@code vault}, never a value.
   */
  void audit(String kind, String subject, String decision, String reason) {
    new AuditLog(new JdbcAuditStore(db), Clock.systemUTC())
        .record(new AuditEvent(kind, "cli", "", subject, "", decision, reason, "", List.of(), 0, ""));
  }

  private KekSource currentSource(String mode) {
    if (mode.equals(KekSource.KeyFileSource.MODE)) {
      String file = config.string(ConfigKeys.VAULT_KEY_FILE);
      if (file.isEmpty()) {
        throw new ServerException(ServerException.USAGE, "this vault is unlocked with a key file, but none is"
            + " configured: run 'ironclaw4j config set vault.key_file /path/to/vault.key' or set "
            + ConfigKeys.VAULT_KEY_FILE.envVar(), null);
      }
      return KekSource.keyFile(Path.of(file), home.dataDir());
    }
    char[] pass = passphrase(PASSPHRASE_ENV, "Vault passphrase: ", false,
        "the vault is locked and there is no way to unlock it here: set " + PASSPHRASE_ENV
            + ", or configure a key file (vault.key_file, for a vault made with 'vault init --key-file'),"
            + " or run the command in a terminal to be prompted");
    try {
      return KekSource.passphrase(pass);
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  /** A passphrase from the environment variable, else a hidden prompt (twice when confirming). */
  char[] passphrase(String envVar, String prompt, boolean confirm, String whenNone) {
    String fromEnv = root.env.get(envVar);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    Console c = interactive ? terminal(root) : null;
    if (c == null) {
      throw new ServerException(ServerException.USAGE, whenNone, null);
    }
    char[] first = c.readPassword("%s", prompt);
    if (first == null || first.length == 0) {
      throw new ServerException(ServerException.USAGE, "no passphrase entered; nothing was changed", null);
    }
    if (confirm) {
      char[] again = c.readPassword("%s", "Repeat it: ");
      boolean same = again != null && Arrays.equals(first, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(first, '\0');
        throw new ServerException(ServerException.USAGE, "the two passphrases differ; nothing was changed", null);
      }
    }
    return first;
  }

  /** The terminal for hidden prompts, or null when there is none (piped, redirected, a test). */
  static Console terminal(RootCommand root) {
    if (!root.terminalAllowed) {
      return null;
    }
    Console c = System.console();
    if (c == null) {
      return null;
    }
    try {
      // Java 22+ returns a Console even when redirected; isTerminal() tells. Java 21 returns null then.
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(c)) ? c : null;
    } catch (NoSuchMethodException e) {
      return c;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** Reads at most {@code limit} bytes of standard input; more is an error. */
  static byte[] readStdin(InputStream in, int limit) {
    WipeableBuffer buf = new WipeableBuffer();
    byte[] chunk = new byte[4096];
    try {
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (buf.size() + n > limit) {
          throw new ServerException(ServerException.USAGE, "standard input holds more than " + limit + " bytes", null);
        }
        buf.write(chunk, 0, n);
      }
      return buf.toByteArray();
    } catch (IOException e) {
      throw new ServerException(ServerException.FAILURE, "cannot read standard input: " + e.getMessage(), e);
    } finally {
      Arrays.fill(chunk, (byte) 0);
      buf.wipe();
    }
  }

  /** A byte buffer whose internal array can be overwritten after use. */
  private static final class WipeableBuffer extends ByteArrayOutputStream {
    void wipe() {
      Arrays.fill(buf, (byte) 0);
    }
  }

  @Override
  public void close() {
    vault.close();
    db.close();
  }
}
