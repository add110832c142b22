package dev.ironclaw4j.server.vault;

import dev.ironclaw4j.server.storage.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The vault store contract on an embedded H2 file database, re-opened from disk each time. */
class VaultStoreH2Test extends VaultStoreContract {
  @TempDir Path dir;

  @Override
  Database openDatabase() {
    return Database.open("jdbc:h2:file:" + dir.resolve("vault") + ";DB_CLOSE_ON_EXIT=FALSE", "", "");
  }
}
