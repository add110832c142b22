package dev.ironclaw4j.guard.sandbox;

import dev.ironclaw4j.guard.leak.LeakScanner;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What every sandboxed process must not see, whatever its {@link ProcessSandbox.Spec}: the ironclaw4j
 * home, the user's credential locations ({@link #CREDENTIAL_LOCATIONS} under {@code userHome}), any
 * {@code alsoHidden} path (the vault key file, paths the user names), and {@code .env} files in its
 * work dir. {@code secrets} finds vault values, which a child's environment may never hold.
 */
public record SandboxPolicy(Path ironclawHome, Path userHome, List<Path> alsoHidden, LeakScanner secrets) {

  /**
   * Credential stores, keyrings, browser profiles and shell histories, relative to the user's home.
   * A deny list cannot be complete: everything else in the home stays readable (never writable) in the
   * sandbox, because the programs it runs are often installed there (nvm, ~/.local, ~/.cargo).
   */
  public static final List<String> CREDENTIAL_LOCATIONS = List.of(
      // keys, cloud and cluster credentials
      ".ssh", ".gnupg", ".aws", ".azure", ".config/gcloud", ".oci", ".kube", ".docker", ".terraform.d",
      ".config/doctl", ".config/rclone", ".s3cfg", ".boto", ".vault-token", ".config/op",
      // package registries, forges and databases
      ".netrc", ".git-credentials", ".config/git/credentials", ".config/gh", ".config/hub", ".npmrc",
      ".yarnrc", ".pypirc", ".gem/credentials", ".cargo/credentials", ".cargo/credentials.toml",
      ".m2/settings.xml", ".m2/settings-security.xml", ".gradle/gradle.properties", ".ivy2/.credentials",
      ".pgpass", ".my.cnf",
      // keyrings, password stores, browser profiles (cookies are credentials)
      ".local/share/keyrings", ".password-store", ".mozilla", ".thunderbird", ".config/google-chrome",
      ".config/chromium", ".config/BraveSoftware", ".config/microsoft-edge",
      // ironclaw4j's own configuration folder (the suggested place for the vault key file)
      ".config/ironclaw4j",
      // shell and REPL histories
      ".bash_history", ".zsh_history", ".zhistory", ".history", ".sh_history", ".local/share/fish/fish_history",
      ".python_history", ".node_repl_history", ".psql_history", ".mysql_history", ".sqlite_history",
      ".rediscli_history", ".irb_history", ".lesshst", ".viminfo");

  public SandboxPolicy {
    ironclawHome = absolute(ironclawHome, "ironclawHome");
    userHome = absolute(userHome, "userHome");
    alsoHidden = alsoHidden.stream().map(p -> absolute(p, "alsoHidden")).toList();
    Objects.requireNonNull(secrets, "secrets");
  }

  /** The policy for the current OS user ({@code user.home}). */
  public static SandboxPolicy forCurrentUser(Path ironclawHome, List<Path> alsoHidden, LeakScanner secrets) {
    return new SandboxPolicy(ironclawHome, Path.of(System.getProperty("user.home")), alsoHidden, secrets);
  }

  private static Path absolute(Path p, String what) {
    return Objects.requireNonNull(p, what).toAbsolutePath().normalize();
  }
}
