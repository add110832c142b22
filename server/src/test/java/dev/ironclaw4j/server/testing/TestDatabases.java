package dev.ironclaw4j.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Real databases for tests: an H2 file in a temporary folder, and a fresh schema in the throw-away
 * PostgreSQL that {@code ./run-tests} starts (IRONCLAW4J_TEST_PG_URL / _USER / _PASSWORD). Without those
 * variables the PostgreSQL tests are skipped, except in CI (CI=true), where that is a failure.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** Connection settings of one database. */
  public record Target(String url, String user, String password) {}

  public static Target h2(Path dir) {
    return new Target("jdbc:h2:file:" + dir.resolve("test") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "", "");
  }

  /** A new, empty schema in the test PostgreSQL; the URL selects it. */
  public static Target postgres() {
    String url = System.getenv("IRONCLAW4J_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("IRONCLAW4J_TEST_PG_URL is not set in CI: run the tests through ./run-tests");
      }
      assumeTrue(false, "no test PostgreSQL (run through ./run-tests)");
    }
    String user = System.getenv().getOrDefault("IRONCLAW4J_TEST_PG_USER", "");
    String password = System.getenv().getOrDefault("IRONCLAW4J_TEST_PG_PASSWORD", "");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the test PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
    return new Target(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
  }
}
