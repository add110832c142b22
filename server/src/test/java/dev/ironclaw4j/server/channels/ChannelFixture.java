package dev.ironclaw4j.server.channels;

import dev.ironclaw4j.guard.redact.RedactionHook;
import dev.ironclaw4j.guard.vault.Argon2Params;
import dev.ironclaw4j.guard.vault.KekSource;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.runtime.GuardStack;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import dev.ironclaw4j.server.vault.JdbcVaultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a channel server runs on, for tests: a real H2 database in a temporary folder, a real vault
 * (cheap key derivation; unlocked, locked, or absent), the real guard stack and the channel services.
 */
public final class ChannelFixture implements AutoCloseable {
  public static final String PASS = "correct horse battery staple 42";

  public enum VaultState { UNLOCKED, LOCKED, ABSENT }

  public final Path dir;
  public final Database db;
  public final Vault vault;
  public final GuardStack stack;
  public final ChannelServices services;

  public ChannelFixture(Path dir, VaultState state, boolean memory, String... approvalRules) throws Exception {
    this.dir = dir;
    Path home = Files.createDirectories(dir.resolve("home"));
    TestDatabases.Target t = TestDatabases.h2(Files.createDirectories(dir.resolve("db")));
    db = Database.open(t.url(), t.user(), t.password());
    RedactionHook redaction = new RedactionHook();
    vault = new Vault(new JdbcVaultStore(db), redaction, Vault.Options.defaults()
        .withKdf(Argon2Params.insecureForTestsOnly()).withFailureDelay(n -> Duration.ZERO, d -> {}));
    if (state != VaultState.ABSENT) {
      vault.initialize(passphrase());
      if (state == VaultState.LOCKED) {
        vault.lock();
      }
    }
    Map<String, String> env = new HashMap<>();
    if (approvalRules.length > 0) {
      env.put("IRONCLAW4J_TOOLS_APPROVAL", "[\"" + String.join("\",\"", approvalRules) + "\"]");
    }
    Config config = Config.load(new Home(home), env);
    stack = GuardStack.open(config, db, redaction, Optional.of(vault), memory ? new Home(home) : null);
    services = ChannelServices.of(stack, Optional.of(vault), true, () -> true);
  }

  public static KekSource passphrase() {
    return KekSource.passphrase(PASS.toCharArray());
  }

  @Override
  public void close() {
    stack.close();
    vault.close();
    db.close();
  }
}
