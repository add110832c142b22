package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ironclaw4j.guard.redact.RedactionHook;
import dev.ironclaw4j.guard.vault.InsecureSecretAccess;
import dev.ironclaw4j.guard.vault.KekSource;
import dev.ironclaw4j.guard.vault.SecretLookup;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.home.Home;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.vault.JdbcVaultStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultCliTest {
  static final String PASS = "cli test passphrase 123";
  static final Map<String, String> ENV = Map.of("IRONCLAW4J_VAULT_PASSPHRASE", PASS);
  static final String BIND = "https://api.github.com/* GET,POST";

  @TempDir Path tmp;
  CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(tmp.resolve("home"));
  }

  static String randomValue() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return "ghp_" + HexFormat.of().formatHex(b);
  }

  static List<String> encodings(String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    return List.of(value, Base64.getEncoder().encodeToString(b), Base64.getUrlEncoder().withoutPadding().encodeToString(b),
        HexFormat.of().formatHex(b), HexFormat.of().withUpperCase().formatHex(b));
  }

  static void assertAbsent(String value, String text, String where) {
    for (String form : encodings(value)) {
      assertFalse(text.contains(form), "the value (or an encoding of it) appears in " + where);
    }
  }

  CliRunner.Result init() {
    CliRunner.Result r = cli.run(ENV, "", "vault", "init");
    assertEquals(0, r.code(), r.all());
    return r;
  }

  String resolveThroughApi(String name) {
    Home home = new Home(cli.home);
    try (Database db = Database.open(home, Config.load(home, Map.of()));
        Vault v = new Vault(new JdbcVaultStore(db), new RedactionHook(), CliRunner.testOptions())) {
      v.unlock(KekSource.passphrase(PASS.toCharArray()));
      return v.resolve(name).map(SecretLookup.Resolved::value)
          .map(s -> new String(s.insecureBytes(InsecureSecretAccess.get()), StandardCharsets.UTF_8)).orElse(null);
    }
  }

  @Test
  void initSetListBindRemove() {
    CliRunner.Result r = init();
    assertTrue(r.out().contains("vault created (passphrase)"), r.all());
    String value = randomValue();
    r = cli.run(ENV, value + "\n", "secret", "set", "GITHUB_TOKEN", "--bind", BIND, "--inject", "bearer");
    assertEquals(0, r.code(), r.all());
    assertEquals(value, resolveThroughApi("GITHUB_TOKEN"), "one trailing newline is dropped");
    r = cli.run(ENV, "", "secret", "list");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("GITHUB_TOKEN"), r.out());
    assertTrue(r.out().contains(BIND + " -> bearer"), r.out());
    assertTrue(r.out().contains("never"), r.out());
    r = cli.run(ENV, "", "secret", "bind", "GITHUB_TOKEN", "--bind", "https://uploads.github.com/*", "--inject", "header:Authorization:token ");
    assertEquals(0, r.code(), r.all());
    r = cli.run(ENV, "", "secret", "list");
    assertTrue(r.out().contains("https://uploads.github.com/* -> header:Authorization:token "), r.out());
    assertFalse(r.out().contains("api.github.com"), r.out());
    assertEquals(value, resolveThroughApi("GITHUB_TOKEN"));
    r = cli.run(ENV, "", "vault", "status");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("secrets:     1"), r.out());
    r = cli.run(ENV, "", "secret", "rm", "GITHUB_TOKEN");
    assertEquals(0, r.code(), r.all());
    assertEquals(1, cli.run(ENV, "", "secret", "rm", "GITHUB_TOKEN").code());
    assertEquals(null, resolveThroughApi("GITHUB_TOKEN"));
  }

  @Test
  void valueOnArgvIsRefused() {
    init();
    String value = randomValue();
    for (String[] args : List.of(
        new String[] {"secret", "set", "GITHUB_TOKEN", value, "--bind", BIND, "--inject", "bearer"},
        new String[] {"secret", "set", "GITHUB_TOKEN", "--bind", BIND, "--inject", "bearer", value},
        new String[] {"secret", "set", "GITHUB_TOKEN", "--value=" + value},
        new String[] {"secret", "set", "GITHUB_TOKEN", "--value", value})) {
      CliRunner.Result r = cli.run(ENV, randomValue() + "\n", args);
      assertEquals(2, r.code(), r.all());
      assertTrue(r.err().contains("refusing a secret value on the command line"), r.err());
      assertAbsent(value, r.all(), "the refusal message");
    }
    assertEquals(null, resolveThroughApi("GITHUB_TOKEN"), "nothing was stored");
    CliRunner.Result list = cli.run(ENV, "", "secret", "list");
    assertTrue(list.out().contains("no secrets"), list.out());
  }

  @Test
  void secretListNeverPrintsValues() {
    init();
    String a = randomValue();
    String b = randomValue();
    assertEquals(0, cli.run(ENV, a, "secret", "set", "A_TOKEN", "--bind", BIND, "--inject", "bearer").code());
    assertEquals(0, cli.run(ENV, b, "secret", "set", "B_TOKEN", "--bind", "https://api.example.com/v1/*",
        "--bind", "https://api.example.com/v2/* GET", "--inject", "query:key", "--expires", "90d").code());
    CliRunner.Result r = cli.run(ENV, "", "--debug", "secret", "list");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("A_TOKEN") && r.out().contains("B_TOKEN"), r.out());
    assertTrue(r.out().contains("https://api.example.com/v2/* GET -> query:key"), r.out());
    assertTrue(r.out().contains("expires"), r.out());
    assertAbsent(a, r.all(), "secret list");
    assertAbsent(b, r.all(), "secret list");
  }

  @Test
  void wrongPassphraseFailsClosedOnTheCommandLine() {
    init();
    String value = randomValue();
    assertEquals(0, cli.run(ENV, value, "secret", "set", "A_TOKEN").code());
    CliRunner.Result r = cli.run(Map.of("IRONCLAW4J_VAULT_PASSPHRASE", "not the passphrase"), randomValue(),
        "secret", "set", "A_TOKEN");
    assertEquals(1, r.code(), r.all());
    assertEquals("ironclaw4j secret set: wrong passphrase. The vault stays locked and nothing was changed",
        r.err().strip());
    assertEquals(value, resolveThroughApi("A_TOKEN"), "nothing changed");
    CliRunner.Result status = cli.run(Map.of(), "", "vault", "status");
    assertTrue(status.out().contains("failed unlocks in the last 15 minutes: 1"), status.out());
    CliRunner.Result audit = cli.run(Map.of(), "", "audit");
    assertEquals(0, audit.code(), audit.all());
    assertTrue(audit.out().contains("vault.unlock") && audit.out().contains("wrong-passphrase"), audit.out());
    assertTrue(audit.out().contains("secret.set") && audit.out().contains("A_TOKEN"), audit.out());
    assertAbsent(value, audit.out(), "the audit log");
  }

  @Test
  void nonInteractiveWithoutAnyUnlockMethodSaysWhatToUse() {
    init();
    CliRunner.Result r = cli.run(Map.of(), "", "secret", "list");
    assertEquals(2, r.code(), r.all());
    assertTrue(r.err().contains("IRONCLAW4J_VAULT_PASSPHRASE"), r.err());
    assertTrue(r.err().contains("vault.key_file"), r.err());
    assertTrue(r.err().contains("terminal"), r.err());
    CliRunner.Result noVault = new CliRunner(tmp.resolve("other")).run(Map.of(), "", "secret", "list");
    assertEquals(1, noVault.code());
    assertTrue(noVault.err().contains("vault init"), noVault.err());
  }

  @Test
  void passwdChangesThePassphraseAndRotateKeepsValues() {
    init();
    String value = randomValue();
    assertEquals(0, cli.run(ENV, value, "secret", "set", "A_TOKEN").code());
    String newPass = "another passphrase 456";
    CliRunner.Result r = cli.run(Map.of("IRONCLAW4J_VAULT_PASSPHRASE", PASS, "IRONCLAW4J_VAULT_NEW_PASSPHRASE", newPass),
        "", "vault", "passwd");
    assertEquals(0, r.code(), r.all());
    assertEquals(1, cli.run(ENV, "", "secret", "list").code(), "the old passphrase no longer opens the vault");
    Map<String, String> newEnv = Map.of("IRONCLAW4J_VAULT_PASSPHRASE", newPass);
    r = cli.run(newEnv, "", "vault", "rotate");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("re-encrypted 1 secret"), r.out());
    r = cli.run(newEnv, "", "secret", "list");
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("A_TOKEN"));
    assertEquals(1, cli.run(newEnv, "", "vault", "init").code(), "init twice is refused");
    CliRunner.Result weak = new CliRunner(tmp.resolve("weak")).run(Map.of("IRONCLAW4J_VAULT_PASSPHRASE", "short"), "", "vault", "init");
    assertEquals(1, weak.code());
    assertTrue(weak.err().contains("at least 12 characters"), weak.err());
  }

  @Test
  void keyFileModeUnlocksThroughConfigAndRefusesOpenPermissions() throws Exception {
    Path key = tmp.resolve("keys/vault.key");
    CliRunner.Result r = cli.run(Map.of(), "", "vault", "init", "--key-file", key.toString());
    assertEquals(0, r.code(), r.all());
    assertTrue(Files.readString(cli.home.resolve("config.toml")).contains(key.toString()));
    String value = randomValue();
    r = cli.run(Map.of(), value, "secret", "set", "A_TOKEN", "--bind", BIND, "--inject", "bearer");
    assertEquals(0, r.code(), r.all());
    assertTrue(cli.run(Map.of(), "", "vault", "status").out().contains("key-file (" + key + ")"));
    assumeTrue(key.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    r = cli.run(Map.of(), "", "secret", "list");
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains("chmod 600"), r.err());
  }

  @Test
  void keyFileWithOpenPermissionsIsRefused() throws Exception {
    Path key = tmp.resolve("open.key");
    assertEquals(0, cli.run(Map.of(), "", "vault", "init", "--key-file", key.toString()).code());
    assumeTrue(key.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw----"));
    CliRunner.Result r = cli.run(Map.of(), randomValue(), "secret", "set", "A_TOKEN");
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains("other users could read it"), r.err());
    Path inData = cli.home.resolve("data/vault.key");
    CliRunner.Result inside = new CliRunner(cli.home).run(Map.of(), "", "vault", "passwd", "--key-file", inData.toString());
    assertNotEquals(0, inside.code());
  }

  @Test
  void keyFileInsideTheDataFolderIsRefused() {
    Path inData = cli.home.resolve("data/vault.key");
    CliRunner.Result r = cli.run(Map.of(), "", "vault", "init", "--key-file", inData.toString());
    assertEquals(1, r.code(), r.all());
    assertTrue(r.err().contains("inside the data directory"), r.err());
    assertFalse(Files.exists(inData));
  }
}
