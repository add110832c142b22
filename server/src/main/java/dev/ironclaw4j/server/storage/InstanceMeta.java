package dev.ironclaw4j.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Facts the installation keeps about itself in {@code instance_meta}: when it was created, how often started. */
public final class InstanceMeta {
  private final Database db;

  public InstanceMeta(Database db) {
    this.db = db;
  }

  /** What {@link #recordStart} found. */
  public record Start(boolean firstStart, String createdAt, long startCount) {}

  /** Records a server start; tells whether this database was just created. */
  public Start recordStart() {
    return db.inTransaction(c -> {
      Optional<String> created = get(c, "created_at");
      String createdAt = created.orElseGet(Instant.now()::toString);
      long count = get(c, "start_count").map(Long::parseLong).orElse(0L) + 1;
      put(c, "created_at", createdAt);
      put(c, "start_count", Long.toString(count));
      put(c, "last_started_at", Instant.now().toString());
      return new Start(created.isEmpty(), createdAt, count);
    });
  }

  /** Reads one value. */
  public Optional<String> get(String key) {
    return db.inTransaction(c -> get(c, key));
  }

  private static Optional<String> get(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM instance_meta WHERE meta_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static void put(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement up =
        c.prepareStatement("UPDATE instance_meta SET meta_value = ?, updated_at = CURRENT_TIMESTAMP WHERE meta_key = ?")) {
      up.setString(1, value);
      up.setString(2, key);
      if (up.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement in = c.prepareStatement("INSERT INTO instance_meta(meta_key, meta_value) VALUES (?, ?)")) {
      in.setString(1, key);
      in.setString(2, value);
      in.executeUpdate();
    }
  }
}
