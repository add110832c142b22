package dev.ironclaw4j.server.vault;

import dev.ironclaw4j.server.storage.Database;
import dev.ironclaw4j.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;

/** The vault store contract on a real PostgreSQL, a fresh schema per test. */
class VaultStorePostgresTest extends VaultStoreContract {
  TestDatabases.Target pg;

  @BeforeEach
  void schema() {
    pg = TestDatabases.postgres();
  }

  @Override
  Database openDatabase() {
    return Database.open(pg.url(), pg.user(), pg.password());
  }
}
