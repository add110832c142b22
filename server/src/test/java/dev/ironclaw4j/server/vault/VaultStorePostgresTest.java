package dev.ironclaw4j.server.vault;

import dev.ironclaw4j.server.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The vault store contract on a real PostgreSQL, a fresh schema per test. */
class VaultStorePostgresTest extends VaultStoreContract {
  TestPostgres pg;

  @BeforeEach
  void schema() {
    pg = TestPostgres.freshSchema("vault");
  }

  @AfterEach
  void drop() {
    if (pg != null) {
      pg.drop();
    }
  }

  @Override
  Database openDatabase() {
    return Database.open(pg.url, pg.user, pg.password);
  }
}
