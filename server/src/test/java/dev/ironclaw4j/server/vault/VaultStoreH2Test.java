package dev.ironclaw4j.server.vault;

import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The vault store contract on an embedded H2 file database, re-opened from disk each time. */
class VaultStoreH2Test extends VaultStoreContract {
  @TempDir Path dir;

  @Override
  Database openDatabase() {
    TestDatabases.Target h2 = TestDatabases.h2(dir);
    return Database.open(h2.url(), h2.user(), h2.password());
  }
}
