package dev.ironclaw4j.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned schema migrations. Scripts live in {@code db/migration/} on the class path, are listed in
 * order in {@code db/migration/index.txt}, and are named {@code V<n>__<description>.sql}; a script
 * {@code V<n>__<description>.<dialect>.sql} beside it replaces it on that database.
 *
 * <p>Each applied script is recorded with a SHA-256 checksum in {@code schema_history}. Opening a
 * database applies what is missing, in order, each in its own transaction; refuses to run if an
 * applied script was edited afterwards; and refuses a database written by a newer release, so an
 * upgrade or downgrade never silently loses data.
 */
public final class Migrator {
  static final String INDEX = "db/migration/index.txt";
  private static final Pattern NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");
  private static final long POSTGRES_LOCK_KEY = 0x1c4a_77f2_3e1aL;

  private final Database db;

  Migrator(Database db) {
    this.db = db;
  }

  /** A migration script known to this build. */
  record Script(int version, String description, String sql, String checksum) {}

  /** The scripts this build knows, for the database's dialect, in version order. */
  List<Script> scripts() {
    Map<Integer, Script> byVersion = new TreeMap<>();
    for (String line : resource(INDEX).lines().map(String::strip).toList()) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = NAME.matcher(line);
      if (!m.matches()) {
        throw new IllegalStateException("bad migration name in " + INDEX + ": " + line);
      }
      int version = Integer.parseInt(m.group(1));
      String dialectVariant =
          "db/migration/" + line.replace(".sql", "." + db.dialect().name().toLowerCase(Locale.ROOT) + ".sql");
      String sql = resourceOrNull(dialectVariant);
      if (sql == null) {
        sql = resource("db/migration/" + line);
      }
      if (byVersion.put(version, new Script(version, m.group(2), sql, sha256(sql))) != null) {
        throw new IllegalStateException("two migrations with version " + version + " in " + INDEX);
      }
    }
    int expected = 1;
    for (int v : byVersion.keySet()) {
      if (v != expected++) {
        throw new IllegalStateException("migration versions must be 1, 2, 3, ... without gaps; missing V" + (expected - 1));
      }
    }
    return List.copyOf(byVersion.values());
  }

  /** Brings the schema up to date; returns how many scripts were applied (0 when already current). */
  int migrate() {
    List<Script> scripts = scripts();
    return db.inTransaction(c -> {
      lock(c, true);
      try {
        return migrate(c, scripts);
      } finally {
        lock(c, false);
      }
    });
  }

  private int migrate(Connection c, List<Script> scripts) throws SQLException {
    createHistoryTable(c);
    Map<Integer, String> applied = applied(c);
    int newest = scripts.isEmpty() ? 0 : scripts.getLast().version();
    for (Map.Entry<Integer, String> e : applied.entrySet()) {
      if (e.getKey() > newest) {
        throw new StorageException(
            "the database " + db.displayUrl() + " has schema version " + e.getKey()
                + ", written by a newer ironclaw4j (this one knows up to " + newest
                + "); refusing to open it so no data is lost. Upgrade ironclaw4j.");
      }
      Script s = scripts.get(e.getKey() - 1);
      if (!s.checksum().equals(e.getValue())) {
        throw new StorageException(
            "migration V" + s.version() + " (" + s.description() + ") was changed after it was applied to "
                + db.displayUrl() + "; refusing to continue. Restore the original script.");
      }
    }
    c.commit();
    int count = 0;
    for (Script s : scripts) {
      if (!applied.containsKey(s.version())) {
        apply(c, s);
        count++;
      }
    }
    return count;
  }

  private void lock(Connection c, boolean acquire) throws SQLException {
    if (db.dialect() == Database.Dialect.POSTGRESQL) {
      // Two servers starting against one PostgreSQL migrate one after the other, never together.
      // A session lock: it must outlive the per-script commits below.
      try (PreparedStatement ps =
          c.prepareStatement(acquire ? "SELECT pg_advisory_lock(?)" : "SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, POSTGRES_LOCK_KEY);
        ps.execute();
      }
      c.commit();
    }
    // H2 embedded: the database file is locked by one process, so there is nobody to race with.
  }

  private static void createHistoryTable(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS schema_history ("
              + " version INTEGER PRIMARY KEY,"
              + " description VARCHAR(200) NOT NULL,"
              + " checksum CHAR(64) NOT NULL,"
              + " installed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,"
              + " execution_ms INTEGER NOT NULL)");
    }
  }

  private static Map<Integer, String> applied(Connection c) throws SQLException {
    Map<Integer, String> out = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, checksum FROM schema_history ORDER BY version")) {
      while (rs.next()) {
        out.put(rs.getInt(1), rs.getString(2).trim());
      }
    }
    return out;
  }

  private void apply(Connection c, Script s) throws SQLException {
    long start = System.nanoTime();
    try (Statement st = c.createStatement()) {
      for (String statement : split(s.sql())) {
        st.execute(statement);
      }
    } catch (SQLException e) {
      c.rollback();
      throw new StorageException(
          "migration V" + s.version() + " (" + s.description() + ") failed on " + db.displayUrl() + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO schema_history(version, description, checksum, execution_ms) VALUES (?,?,?,?)")) {
      ps.setInt(1, s.version());
      ps.setString(2, s.description());
      ps.setString(3, s.checksum());
      ps.setInt(4, (int) ((System.nanoTime() - start) / 1_000_000));
      ps.executeUpdate();
    }
    c.commit();
  }

  /** Splits a script into statements at semicolons that end a line outside quotes and comments. */
  static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (String line : sql.split("\n", -1)) {
      String trimmed = line.strip();
      if (!quoted && (trimmed.startsWith("--") || trimmed.isEmpty())) {
        continue;
      }
      for (int i = 0; i < line.length(); i++) {
        if (line.charAt(i) == '\'') {
          quoted = !quoted;
        }
      }
      cur.append(line).append('\n');
      if (!quoted && trimmed.endsWith(";")) {
        String stmt = cur.toString().strip();
        out.add(stmt.substring(0, stmt.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private static String resource(String name) {
    String s = resourceOrNull(name);
    if (s == null) {
      throw new IllegalStateException("missing resource " + name + " (broken build?)");
    }
    return s;
  }

  private static String resourceOrNull(String name) {
    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
