package dev.ironclaw4j.server.cli;

import dev.ironclaw4j.guard.vault.KekSource;
import dev.ironclaw4j.guard.vault.KeyFile;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.config.ConfigFile;
import dev.ironclaw4j.server.config.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ironclaw4j vault init|passwd|rotate|status}. */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    description = {
      "Create and look after the encrypted vault (docs/vault.md).",
      "Unlock: IRONCLAW4J_VAULT_PASSPHRASE, the key file in vault.key_file, or a prompt on a terminal.",
      "The embedded database is locked while 'ironclaw4j serve' runs: stop the server first."
    },
    subcommands = {picocli.CommandLine.HelpCommand.class})
final class VaultCommand {
  @ParentCommand RootCommand root;

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Create an empty vault, protected by a passphrase (IRONCLAW4J_VAULT_PASSPHRASE or a prompt),",
        "or with --key-file by a key file kept outside the data folder (created 0600 if missing; for unattended servers)."})
  int init(@Option(names = "--key-file", paramLabel = "PATH",
      description = "Use (or create) this key file instead of a passphrase, and record it as vault.key_file.") Path keyFile) {
    try (VaultAccess access = VaultAccess.open(root, true)) {
      if (access.vault.isInitialized()) {
        throw new ServerException("the vault already exists; nothing was changed (see 'ironclaw4j vault status')");
      }
      KekSource source = keyFile != null ? keyFileSource(access, keyFile) : newPassphrase(access,
          VaultAccess.PASSPHRASE_ENV, "set " + VaultAccess.PASSPHRASE_ENV + " or run in a terminal to choose a passphrase,"
              + " or use --key-file PATH for an unattended server");
      try {
        access.vault.initialize(source);
      } finally {
        source.wipe();
      }
      access.audit("vault.init", "vault", "allowed", source.mode());
      if (keyFile != null) {
        recordKeyFile(access, keyFile);
      }
      root.out.println("vault created (" + source.mode() + ") in " + access.db.displayUrl());
      if (keyFile == null) {
        root.out.println("keep the passphrase safe: if it is lost, the secrets in the vault are lost with it");
      }
    }
    return 0;
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true,
      description = {"Change the passphrase (new one from IRONCLAW4J_VAULT_NEW_PASSPHRASE or a prompt), or with",
        "--key-file switch to / replace the key file. Only the key set is re-encrypted; the secrets are untouched."})
  int passwd(@Option(names = "--key-file", paramLabel = "PATH",
      description = "Protect the vault with this key file from now on (created 0600 if missing).") Path keyFile) {
    try (VaultAccess access = VaultAccess.open(root, false)) {
      Vault vault = access.unlocked();
      KekSource source = keyFile != null ? keyFileSource(access, keyFile) : newPassphrase(access,
          VaultAccess.NEW_PASSPHRASE_ENV, "set " + VaultAccess.NEW_PASSPHRASE_ENV
              + " to the new passphrase or run in a terminal to be prompted; or use --key-file PATH");
      try {
        vault.changeKek(source);
      } finally {
        source.wipe();
      }
      access.audit("vault.passwd", "vault", "allowed", source.mode());
      if (keyFile != null) {
        recordKeyFile(access, keyFile);
      } else if (!access.config.string(ConfigKeys.VAULT_KEY_FILE).isEmpty()) {
        root.err.println("note: vault.key_file is still set but the vault now uses a passphrase;"
            + " clear it with: ironclaw4j config set vault.key_file ''");
      }
      root.out.println("vault key-encryption key changed (" + source.mode() + "); the secrets were not re-encrypted");
    }
    return 0;
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Generate a new data key and re-encrypt every secret under it, in one transaction.")
  int rotate() {
    try (VaultAccess access = VaultAccess.open(root, false)) {
      int n = access.unlocked().rotate();
      access.audit("vault.rotate", "vault", "allowed", n + " secret(s) re-encrypted");
      root.out.println("rotated the data key; re-encrypted " + n + " secret(s)");
    }
    return 0;
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show whether a vault exists, how it is unlocked and how many secrets it holds (no unlock needed).")
  int status() {
    try (VaultAccess access = VaultAccess.open(root, false)) {
      Vault.Status s = access.vault.status();
      if (!s.initialized()) {
        root.out.println("vault: not created yet (run 'ironclaw4j vault init')");
        return 0;
      }
      root.out.println("vault:       " + access.db.displayUrl());
      root.out.println("unlock:      " + s.kekMode() + (s.kekMode().equals(KekSource.KeyFileSource.MODE)
          ? " (" + display(access.config.string(ConfigKeys.VAULT_KEY_FILE)) + ")"
          : " (" + s.kdfParams() + ")"));
      root.out.println("secrets:     " + s.secrets());
      root.out.println("created:     " + s.createdAt());
      root.out.println("changed:     " + s.updatedAt());
      root.out.println("failed unlocks in the last " + Vault.FAILURE_WINDOW.toMinutes() + " minutes: " + s.recentUnlockFailures());
    }
    return 0;
  }

  private static String display(String keyFile) {
    return keyFile.isEmpty() ? "vault.key_file is not set" : keyFile;
  }

  private static KekSource keyFileSource(VaultAccess access, Path keyFile) {
    Path abs = keyFile.toAbsolutePath().normalize();
    if (!Files.exists(abs)) {
      KeyFile.create(abs, access.home.dataDir());
      access.root.out.println("created key file " + abs + " (mode 0600); back it up somewhere safe, away from the home");
    }
    if (abs.startsWith(access.home.dir())) {
      access.root.err.println("warning: the key file is inside the home " + access.home.dir()
          + "; whoever copies the home gets the key too. Prefer a path outside it.");
    }
    return KekSource.keyFile(abs, access.home.dataDir());
  }

  private static void recordKeyFile(VaultAccess access, Path keyFile) {
    String abs = keyFile.toAbsolutePath().normalize().toString();
    if (!abs.equals(access.config.string(ConfigKeys.VAULT_KEY_FILE))) {
      ConfigFile.set(access.home.configFile(), ConfigKeys.VAULT_KEY_FILE.name(), abs);
      access.root.out.println("vault.key_file = " + abs + "  (" + access.home.configFile() + ")");
    }
    if (access.root.env.containsKey(ConfigKeys.VAULT_KEY_FILE.envVar())) {
      access.root.err.println("note: " + ConfigKeys.VAULT_KEY_FILE.envVar() + " is set and overrides vault.key_file");
    }
  }

  private static KekSource newPassphrase(VaultAccess access, String envVar, String whenNone) {
    char[] pass = access.passphrase(envVar, "New vault passphrase (at least " + KekSource.Passphrase.MIN_LENGTH
        + " characters): ", true, whenNone);
    try {
      return KekSource.passphrase(pass);
    } finally {
      Arrays.fill(pass, '\0');
    }
  }
}
