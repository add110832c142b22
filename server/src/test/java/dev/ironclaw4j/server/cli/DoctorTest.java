package dev.ironclaw4j.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What doctor says about the process sandbox and about file permissions in the home. */
class DoctorTest {
  @TempDir Path home;
  @TempDir Path elsewhere;

  record Result(int code, String out) {}

  private Result doctor(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(Map.of("IRONCLAW4J_HOME", home.toString(), "IRONCLAW4J_SERVER_PORT", "0"));
    env.putAll(extraEnv);
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"doctor"}, env, new PrintWriter(out, true), new PrintWriter(out, true));
    return new Result(code, out.toString());
  }

  private static String line(Result r, String check) {
    return r.out().lines().filter(l -> l.matches("\\[[A-Z ]{4}\\] " + check + " .*")).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + check + "' line:\n" + r.out()));
  }

  @Test
  void doctorPrintsTheSandboxMechanism() {
    Result r = doctor(Map.of());
    String sandbox = line(r, "sandbox ");
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertTrue(sandbox.startsWith("[OK  ] sandbox  bubblewrap ("), "CI installs bubblewrap:\n" + r.out());
    } else {
      assertTrue(sandbox.matches("\\[OK  \\] sandbox  (bubblewrap|namespaces) \\(.*")
          || sandbox.startsWith("[WARN] sandbox  none ("), r.out());
    }
    assertEquals(0, r.code(), r.out());
  }

  @Test
  void doctorWarnsAboutFilesInTheHomeThatOthersCanRead() throws Exception {
    Path db = Files.createDirectories(home.resolve("data")).resolve("ironclaw4j.mv.db");
    Files.writeString(db, "x");
    Files.setPosixFilePermissions(home.resolve("data"), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
    assertTrue(line(doctor(Map.of()), "files   ").startsWith("[OK  ] files    files 0600 and folders 0700"));

    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    Result r = doctor(Map.of());
    assertTrue(line(r, "files   ").contains("data/ironclaw4j.mv.db (rw-r--r--)"), r.out());
    assertTrue(r.out().contains("fix: chmod -R go-rwx " + home), r.out());
  }

  @Test
  void doctorFailsOnAVaultKeyFileThatOthersCanRead() throws Exception {
    Path key = Files.writeString(elsewhere.resolve("vault.key"), "k");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Result open = doctor(Map.of("IRONCLAW4J_VAULT_KEY_FILE", key.toString()));
    assertEquals(1, open.code(), open.out());
    assertTrue(line(open, "keyfile ").startsWith("[FAIL] keyfile  " + key + " has permissions rw-r--r--"), open.out());
    assertTrue(open.out().contains("fix: chmod 600 " + key), open.out());

    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Result ok = doctor(Map.of("IRONCLAW4J_VAULT_KEY_FILE", key.toString()));
    assertTrue(line(ok, "keyfile ").startsWith("[OK  ] keyfile  " + key), ok.out());
  }
}
