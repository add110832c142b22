package dev.ironclaw4j.server.os;

import dev.ironclaw4j.guard.leak.LeakScanner;
import dev.ironclaw4j.guard.sandbox.SandboxPolicy;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.home.Home;
import java.nio.file.Path;
import java.util.List;

/** What this installation's process sandbox hides: the home, the vault key file, the user's credential locations. */
public final class Sandboxing {
  private Sandboxing() {}

  /**
   * The policy for untrusted local processes started by this server.
   *
   * @param secrets finds vault values (the server's leak detector), which a child's environment never holds
   */
  public static SandboxPolicy policy(Home home, Config config, LeakScanner secrets) {
    String keyFile = config.string(ConfigKeys.VAULT_KEY_FILE);
    return SandboxPolicy.forCurrentUser(home.dir(), keyFile.isEmpty() ? List.of() : List.of(Path.of(keyFile)), secrets);
  }
}
