package dev.ironclaw4j.server.vault;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The throw-away PostgreSQL of {@code ./run-tests} (IRONCLAW4J_TEST_PG_URL / _USER / _PASSWORD). Tests
 * skip without it, except under CI=true where its absence is a failure. Each caller gets a fresh schema.
 */
final class TestPostgres {
  final String url;
  final String user;
  final String password;
  final String schema;

  private TestPostgres(String url, String user, String password, String schema) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.schema = schema;
  }

  static TestPostgres freshSchema(String prefix) {
    String url = System.getenv("IRONCLAW4J_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but IRONCLAW4J_TEST_PG_URL is not set: the PostgreSQL tests must run in CI");
      }
      assumeTrue(false, "IRONCLAW4J_TEST_PG_URL not set; PostgreSQL tests skipped (./run-tests starts one)");
    }
    String user = System.getenv().getOrDefault("IRONCLAW4J_TEST_PG_USER", "");
    String password = System.getenv().getOrDefault("IRONCLAW4J_TEST_PG_PASSWORD", "");
    String schema = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema on the test PostgreSQL: " + e.getMessage(), e);
    }
    return new TestPostgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password, schema);
  }

  void drop() {
    String base = url.substring(0, url.lastIndexOf(url.contains("&currentSchema") ? '&' : '?'));
    try (Connection c = DriverManager.getConnection(base, user, password); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // a throw-away server: leaving a schema behind is harmless
    }
  }
}
