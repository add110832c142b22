package dev.ironclaw4j.guard.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ironclaw4j.guard.redact.RedactionHook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  @TempDir Path tmp;

  Path dataDir() {
    return tmp.resolve("home/data");
  }

  @Test
  void createdKeyFileIsOwnerOnlyAndUnlocksTheVault() throws Exception {
    Path key = tmp.resolve("keys/vault.key");
    KeyFile.create(key, dataDir());
    if (posix()) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
    assertEquals(32, KeyFile.read(key, dataDir()).length);
    InMemoryVaultStore store = new InMemoryVaultStore();
    try (Vault v = new Vault(store, new RedactionHook(), Vault.Options.defaults())) {
      v.initialize(KekSource.keyFile(key, dataDir()));
      v.set("A", SecretValue.of("A", "0123456789abcdef".getBytes(StandardCharsets.UTF_8)), List.of(), null);
    }
    try (Vault v = new Vault(store, new RedactionHook(), Vault.Options.defaults())) {
      v.unlock(KekSource.keyFile(key, dataDir()));
      assertTrue(v.resolve("A").isPresent());
      assertEquals("wrong-unlock-method", assertThrows(VaultException.class,
          () -> new Vault(store, new RedactionHook(), Vault.Options.defaults())
              .unlock(KekSource.passphrase("some passphrase".toCharArray()))).reason());
    }
    Path other = tmp.resolve("keys/other.key");
    KeyFile.create(other, dataDir());
    VaultException e = assertThrows(VaultException.class,
        () -> new Vault(store, new RedactionHook(), Vault.Options.defaults()).unlock(KekSource.keyFile(other, dataDir())));
    assertEquals("wrong-passphrase", e.reason());
    assertTrue(e.getMessage().contains("wrong key file"));
    assertEquals(1, store.failures.size());
  }

  @Test
  void keyFileWithOpenPermissionsIsRefused() throws Exception {
    assumeTrue(posix(), "POSIX permissions");
    Path key = tmp.resolve("vault.key");
    KeyFile.create(key, dataDir());
    for (String perms : List.of("rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-")) {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(perms));
      VaultException e = assertThrows(VaultException.class, () -> KeyFile.read(key, dataDir()), perms);
      assertEquals("key-file-unsafe", e.reason());
      assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
    assertEquals(32, KeyFile.read(key, dataDir()).length);
  }

  @Test
  void keyFileInsideTheDataDirectoryIsRefused() throws Exception {
    Files.createDirectories(dataDir());
    Path inside = dataDir().resolve("vault.key");
    assertEquals("key-file-unsafe", assertThrows(VaultException.class, () -> KeyFile.create(inside, dataDir())).reason());
    Path outside = tmp.resolve("vault.key");
    KeyFile.create(outside, dataDir());
    Files.copy(outside, inside);
    assertEquals("key-file-unsafe", assertThrows(VaultException.class, () -> KeyFile.read(inside, dataDir())).reason());
    Path link = tmp.resolve("link.key");
    Files.createSymbolicLink(link, inside);
    assertEquals("key-file-unsafe", assertThrows(VaultException.class, () -> KeyFile.read(link, dataDir())).reason(),
        "a symlink into the data directory is refused too");
  }

  @Test
  void malformedKeyFileIsRefused() throws Exception {
    Path key = tmp.resolve("bad.key");
    Files.writeString(key, "not base64 at all!!\n");
    if (posix()) {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }
    assertEquals("key-file-invalid", assertThrows(VaultException.class, () -> KeyFile.read(key, dataDir())).reason());
    Files.writeString(key, "AAAA\n");
    assertEquals("key-file-invalid", assertThrows(VaultException.class, () -> KeyFile.read(key, dataDir())).reason());
    assertEquals("key-file-exists", assertThrows(VaultException.class, () -> KeyFile.create(key, dataDir())).reason());
  }

  private boolean posix() {
    return tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
