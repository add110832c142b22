package dev.ironclaw4j.server.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ironclaw4j.guard.vault.KekSource;
import dev.ironclaw4j.guard.vault.Vault;
import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM rotates or sets on an H2 file database and halts (no shutdown hooks, no
 * rollback, no close) after N writes inside the transaction, or right after the commit. The parent then
 * opens the files and must read the old state (killed mid-transaction) or the new one (killed after the
 * commit), every record intact.
 */
@Tag("slow")
class VaultProcessCrashTest {
  @TempDir Path dir;

  /** The same settings as the embedded database of a home (WRITE_DELAY=0). */
  String url() {
    return TestDatabases.h2(dir).url();
  }

  /** The contract's helpers (create, re-open and read all) on this test's H2 files. */
  final VaultStoreContract fixture = new VaultStoreContract() {
    @Override
    Database openDatabase() {
      return Database.open(url(), "", "");
    }
  };

  /** The child: {@code URL OP WRITES}; OP is rotate or set (the new value of A comes on stdin). */
  public static void main(String[] args) throws Exception {
    int allowed = Integer.parseInt(args[2]);
    Database db = Database.open(args[0], "", "");
    Vault v = VaultStoreContract.vault(
        new VaultStoreContract.CrashingStore(new JdbcVaultStore(db), allowed, () -> Runtime.getRuntime().halt(77)));
    v.unlock(KekSource.passphrase(VaultStoreContract.PASS.toCharArray()));
    if (args[1].equals("rotate")) {
      v.rotate();
    } else {
      String value = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      v.set("A", VaultStoreContract.value("A", value), List.of(VaultStoreContract.GITHUB), null);
    }
    Runtime.getRuntime().halt(0); // completed, and killed before any orderly close: the commit must survive
  }

  byte[] keyset() {
    try (Database db = fixture.openDatabase()) {
      return new JdbcVaultStore(db).meta().orElseThrow().encryptedKeyset();
    }
  }

  int child(String op, int allowed, String stdin) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), VaultProcessCrashTest.class.getName(), url(), op,
        Integer.toString(allowed))
        .redirectOutput(new File(dir.resolve("child.out").toString()))
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child did not finish");
    }
    return p.exitValue();
  }

  @Test
  void killedMidRotateLeavesReadableVault() throws Exception {
    Map<String, String> secrets = Map.of("A", VaultStoreContract.randomValue(), "B", VaultStoreContract.randomValue(), "C", VaultStoreContract.randomValue());
    fixture.create(secrets);
    int writes = secrets.size() + 1;
    for (int allowed = 0; allowed <= writes; allowed += 2) {
      byte[] keysetBefore = keyset();
      assertEquals(allowed < writes ? 77 : 0, child("rotate", allowed, ""), "child exit after " + allowed + " writes");
      assertEquals(new TreeMap<>(secrets), fixture.reopenAndReadAll(), "after a kill following " + allowed + " writes");
      assertEquals(allowed == writes, !Arrays.equals(keysetBefore, keyset()), "new key set exactly when committed");
    }
  }

  @Test
  void killedMidSetLeavesOldOrNewValue() throws Exception {
    String old = VaultStoreContract.randomValue();
    fixture.create(Map.of("A", old, "B", VaultStoreContract.randomValue()));
    assertEquals(77, child("set", 1, VaultStoreContract.randomValue()));
    assertEquals(old, fixture.reopenAndReadAll().get("A"), "killed between the record and the manifest: the old value");
    String fresh = VaultStoreContract.randomValue();
    assertEquals(0, child("set", 2, fresh));
    assertEquals(fresh, fixture.reopenAndReadAll().get("A"), "killed right after the commit: the new value");
  }
}
