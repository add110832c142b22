package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ironclaw4j.guard.redact.RedactionHook;
import dev.ironclaw4j.guard.vault.Injection;
import dev.ironclaw4j.guard.vault.KekSource;
import dev.ironclaw4j.guard.vault.SecretBinding;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.SecretValue;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.guard.vault.VaultException;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.logging.Logging;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.vault.JdbcVaultStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores a known random value and drives every path that could leak it: the CLI (set, list, bind,
 * rotate, passwd, errors, with debug logging), the API (resolve, toString, exceptions), and logging
 * through the real logging setup with the value deliberately in messages and exceptions. Then it
 * searches the H2 files, the log files and everything printed for the value in plain, base64 and hex.
 */
class SecretLeakTest {
  @TempDir Path tmp;

  @Test
  void secretNeverAppearsInLogsExceptionsToStringOrDatabaseFile() throws Exception {
    Path homeDir = tmp.resolve("home");
    CliRunner cli = new CliRunner(homeDir);
    String value = VaultCliTest.randomValue();
    String newPass = "the second passphrase";
    Map<String, String> env = VaultCliTest.ENV;
    StringBuilder seen = new StringBuilder();
    PrintStream realErr = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      List<CliRunner.Result> results = List.of(
          cli.run(env, "", "--debug", "vault", "init"),
          cli.run(env, value + "\n", "--debug", "secret", "set", "LEAK_TEST", "--bind", VaultCliTest.BIND, "--inject", "bearer"),
          cli.run(env, "", "--debug", "secret", "list"),
          cli.run(env, "", "--debug", "secret", "bind", "LEAK_TEST", "--bind", "https://api.example.com/*", "--inject", "basic:me"),
          cli.run(env, "", "--debug", "vault", "rotate"),
          cli.run(Map.of("IRONCLAW4J_VAULT_PASSPHRASE", "a wrong passphrase"), "", "--debug", "secret", "list"),
          cli.run(Map.of("IRONCLAW4J_VAULT_PASSPHRASE", VaultCliTest.PASS, "IRONCLAW4J_VAULT_NEW_PASSPHRASE", newPass),
              "", "--debug", "vault", "passwd"),
          cli.run(Map.of("IRONCLAW4J_VAULT_PASSPHRASE", newPass), "", "--debug", "vault", "status"));
      for (CliRunner.Result r : results) {
        seen.append(r.all()).append('\n');
      }
      assertEquals(List.of(0, 0, 0, 0, 0, 1, 0, 0), results.stream().map(CliRunner.Result::code).toList(), seen.toString());
      assertTrue(results.get(2).out().contains("LEAK_TEST"), "the list ran and shows the name");

      // The API, with the real logging pipeline writing a log file through the redaction hook.
      Home home = new Home(homeDir);
      RedactionHook hook = new RedactionHook();
      Logging.install(Level.ALL, home.logDir(), Level.ALL, true, hook);
      System.Logger log = System.getLogger("leak-test");
      try (Database db = Database.open(home, Config.load(home, Map.of()));
          Vault vault = new Vault(new JdbcVaultStore(db), hook, CliRunner.testOptions())) {
        vault.unlock(KekSource.passphrase(newPass.toCharArray()));
        SecretLookup.Resolved resolved = vault.resolve("LEAK_TEST").orElseThrow();
        SecretValue secret = resolved.value();
        vault.recordUse("LEAK_TEST");
        seen.append(secret).append(resolved).append(vault).append(vault.list()).append(vault.status())
            .append(new JdbcVaultStore(db).records()).append(new JdbcVaultStore(db).meta());
        // Code that carelessly logs the value: the redaction hook must remove it.
        log.log(System.Logger.Level.INFO, "calling the API with token " + value);
        log.log(System.Logger.Level.WARNING, "request failed", new IllegalStateException("server echoed " + value));
        seen.append(hook.redact("Authorization: Bearer " + value)).append('\n');
        // Error paths.
        for (Runnable bad : List.<Runnable>of(
            () -> vault.set("LEAK_TEST", SecretValue.of("LEAK_TEST", (value + "\n").getBytes(StandardCharsets.UTF_8)), List.of(), null),
            () -> vault.set("bad name", secret, List.of(), null),
            () -> vault.rebind("NOPE", List.of(SecretBinding.parse("https://x.example/*", new Injection.Bearer()))),
            () -> new Vault(new JdbcVaultStore(db), hook, CliRunner.testOptions()).unlock(KekSource.passphrase(value.toCharArray())))) {
          VaultException e = assertThrows(VaultException.class, bad::run);
          StringWriter trace = new StringWriter();
          e.printStackTrace(new PrintWriter(trace));
          seen.append(e).append(trace).append('\n');
        }
        // A tampered record: the error names it, and nothing about its value.
        db.inTransaction(c -> {
          try (PreparedStatement ps = c.prepareStatement("UPDATE vault_secrets SET version = version + 100")) {
            return ps.executeUpdate();
          }
        });
        try (Vault again = new Vault(new JdbcVaultStore(db), hook, CliRunner.testOptions())) {
          again.unlock(KekSource.passphrase(newPass.toCharArray()));
          VaultException e = assertThrows(VaultException.class, () -> again.resolve("LEAK_TEST"));
          seen.append(e).append(again.list()).append('\n');
        }
      } finally {
        Logging.install(Level.WARNING, null, Level.OFF, false, new RedactionHook());
      }
    } finally {
      System.setErr(realErr);
    }
    String stderrText = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(stderrText.contains("vault unlocked"), "debug logging reached the captured stderr");
    assertTrue(stderrText.contains("[REDACTED:LEAK_TEST]"), "the careless log line was redacted, not dropped");

    VaultCliTest.assertAbsent(value, seen.toString(), "command output, toString or exceptions");
    VaultCliTest.assertAbsent(value, stderrText, "stderr logging");
    String files = filesUnder(homeDir);
    assertTrue(files.contains("api.example.com"), "the search reads the database file (bindings are stored in clear)");
    assertTrue(files.contains("calling the API with token"), "the search reads the log file");
    VaultCliTest.assertAbsent(value, files, "the H2 database file, the log files or the config");
  }

  private static String filesUnder(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    assertFalse(all.isEmpty());
    return all.toString();
  }
}
