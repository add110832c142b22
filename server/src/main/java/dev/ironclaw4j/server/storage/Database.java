package dev.ironclaw4j.server.storage;

import dev.ironclaw4j.server.config.Config;
import dev.ironclaw4j.server.config.ConfigKeys;
import dev.ironclaw4j.server.home.Home;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The one data layer: a connection pool over H2 (embedded, the default) or PostgreSQL (by JDBC URL),
 * migrated to the current schema when opened. Everything the product stores goes through here.
 */
public final class Database implements AutoCloseable {
  /** The SQL dialect: migrations may have a dialect-specific variant. */
  public enum Dialect {
    H2,
    POSTGRESQL
  }

  private final Dialect dialect;
  private final String displayUrl;
  private final JdbcConnectionPool pool;
  private int migrationsApplied;

  private Database(Dialect dialect, String displayUrl, JdbcConnectionPool pool) {
    this.dialect = dialect;
    this.displayUrl = displayUrl;
    this.pool = pool;
  }

  /** Opens the database the configuration names (embedded H2 in the home by default), then migrates it. */
  public static Database open(Home home, Config config) {
    String url = config.string(ConfigKeys.DATABASE_URL);
    if (url.isEmpty()) {
      url = embeddedUrl(home);
    }
    return open(url, config.string(ConfigKeys.DATABASE_USER), config.string(ConfigKeys.DATABASE_PASSWORD));
  }

  /** The JDBC URL of the default embedded database inside a home. */
  public static String embeddedUrl(Home home) {
    // DB_CLOSE_ON_EXIT=FALSE: the server closes the database itself in its shutdown hook, in order.
    // WRITE_DELAY=0: every commit reaches the file before the call returns, so a kill -9 right after
    // a commit (a stored secret, an audit record) loses nothing; H2's default delays it by 500 ms.
    return "jdbc:h2:file:" + home.dataDir().resolve("ironclaw4j") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }

  /** Opens and migrates the database at a JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...}). */
  public static Database open(String url, String user, String password) {
    Dialect dialect;
    JdbcConnectionPool pool;
    if (url.startsWith("jdbc:h2:")) {
      dialect = Dialect.H2;
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(url);
      ds.setUser(user);
      ds.setPassword(password);
      pool = JdbcConnectionPool.create(ds);
    } else if (url.startsWith("jdbc:postgresql:")) {
      dialect = Dialect.POSTGRESQL;
      PGConnectionPoolDataSource ds = new PGConnectionPoolDataSource();
      ds.setURL(url);
      if (!user.isEmpty()) {
        ds.setUser(user);
      }
      if (!password.isEmpty()) {
        ds.setPassword(password);
      }
      pool = JdbcConnectionPool.create(ds);
    } else {
      throw new StorageException("unsupported database URL (use jdbc:h2:... or jdbc:postgresql:...): " + redactUrl(url));
    }
    pool.setMaxConnections(8);
    Database db = new Database(dialect, redactUrl(url), pool);
    try {
      db.migrationsApplied = new Migrator(db).migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /** How many migrations opening this database applied (0 when the schema was already current). */
  public int migrationsApplied() {
    return migrationsApplied;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The JDBC URL without any password in it, for messages and logs. */
  public String displayUrl() {
    return displayUrl;
  }

  public DataSource dataSource() {
    return pool;
  }

  /** Work done in one transaction, committed when it returns and rolled back when it throws. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs work in one transaction: all of it is stored, or none of it. */
  public <T> T inTransaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** Turns a driver exception into one the user can act on, naming the database but no password. */
  public StorageException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    if (dialect == Dialect.H2 && (e.getErrorCode() == 90020 || msg.contains("locked by another process"))) {
      return new StorageException(
          "the database " + displayUrl + " is in use by another process (is 'ironclaw4j serve' already running?)", e);
    }
    if (state.startsWith("08")) {
      return new StorageException("cannot connect to the database " + displayUrl + ": " + msg, e);
    }
    return new StorageException("database error on " + displayUrl + ": " + msg, e);
  }

  @Override
  public void close() {
    pool.dispose();
  }

  static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1****").replaceAll("//([^/@:]+):[^/@]*@", "//$1:****@");
  }
}
