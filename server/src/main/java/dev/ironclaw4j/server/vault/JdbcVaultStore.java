package dev.ironclaw4j.server.vault;

import dev.ironclaw4j.guard.vault.VaultMeta;
import dev.ironclaw4j.guard.vault.VaultRecord;
import dev.ironclaw4j.guard.vault.VaultStore;
import dev.ironclaw4j.server.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The vault's store on the product's database (H2 or PostgreSQL), tables from migration V2. Sees only
 * ciphertext. Each {@link #inTransaction} is one database transaction, with the metadata row locked
 * ({@code SELECT ... FOR UPDATE}) so two processes sharing a PostgreSQL change the vault one at a time.
 */
public final class JdbcVaultStore implements VaultStore {
  private static final String META_COLUMNS =
      "format_version, kek_mode, kdf_params, salt, encrypted_keyset, verifier, manifest, created_at, updated_at";
  private static final String RECORD_COLUMNS =
      "name, version, ciphertext, bindings, expires_at, created_at, updated_at, last_used_at, use_count";

  private final Database db;

  public JdbcVaultStore(Database db) {
    this.db = db;
  }

  /** A driver exception carried through the guard's unchecked callbacks, translated at the edge. */
  private static final class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlFailure(SQLException cause) {
      super(cause);
    }
  }

  @Override
  public Optional<VaultMeta> meta() {
    return db.inTransaction(c -> readMeta(c, false));
  }

  @Override
  public List<VaultRecord> records() {
    return db.inTransaction(JdbcVaultStore::readRecords);
  }

  @Override
  public <T> T inTransaction(Function<Writer, T> work) {
    try {
      return db.inTransaction(c -> work.apply(new JdbcWriter(c)));
    } catch (SqlFailure e) {
      throw db.translate((SQLException) e.getCause());
    }
  }

  @Override
  public void recordUse(String name, Instant at) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE vault_secrets SET last_used_at = ?, use_count = use_count + 1 WHERE name = ?")) {
        setTime(ps, 1, at);
        ps.setString(2, name);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void recordUnlockFailure(Instant at, String method, String reason) {
    db.inTransaction(c -> {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO vault_unlock_failures(failed_at, method, reason) VALUES (?, ?, ?)")) {
        setTime(ps, 1, at);
        ps.setString(2, method);
        ps.setString(3, reason);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int unlockFailuresSince(Instant since) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM vault_unlock_failures WHERE failed_at >= ?")) {
        setTime(ps, 1, since);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  private static final class JdbcWriter implements Writer {
    private final Connection c;

    JdbcWriter(Connection c) {
      this.c = c;
    }

    @Override
    public Optional<VaultMeta> lockMeta() {
      try {
        return readMeta(c, true);
      } catch (SQLException e) {
        throw new SqlFailure(e);
      }
    }

    @Override
    public List<VaultRecord> records() {
      try {
        return readRecords(c);
      } catch (SQLException e) {
        throw new SqlFailure(e);
      }
    }

    @Override
    public void putMeta(VaultMeta m) {
      try {
        try (PreparedStatement up = c.prepareStatement("UPDATE vault_meta SET format_version = ?, kek_mode = ?,"
            + " kdf_params = ?, salt = ?, encrypted_keyset = ?, verifier = ?, manifest = ?, created_at = ?,"
            + " updated_at = ? WHERE id = 1")) {
          bindMeta(up, 1, m);
          if (up.executeUpdate() == 1) {
            return;
          }
        }
        try (PreparedStatement in =
            c.prepareStatement("INSERT INTO vault_meta(" + META_COLUMNS + ", id) VALUES (?,?,?,?,?,?,?,?,?,1)")) {
          bindMeta(in, 1, m);
          in.executeUpdate();
        }
      } catch (SQLException e) {
        throw new SqlFailure(e);
      }
    }

    @Override
    public void putRecord(VaultRecord r) {
      try {
        try (PreparedStatement up = c.prepareStatement("UPDATE vault_secrets SET version = ?, ciphertext = ?,"
            + " bindings = ?, expires_at = ?, created_at = ?, updated_at = ?, last_used_at = ?, use_count = ?"
            + " WHERE name = ?")) {
          up.setLong(1, r.version());
          up.setBytes(2, r.ciphertext());
          up.setString(3, r.bindings());
          setTime(up, 4, r.expiresAt());
          setTime(up, 5, r.createdAt());
          setTime(up, 6, r.updatedAt());
          setTime(up, 7, r.lastUsedAt());
          up.setLong(8, r.useCount());
          up.setString(9, r.name());
          if (up.executeUpdate() == 1) {
            return;
          }
        }
        try (PreparedStatement in =
            c.prepareStatement("INSERT INTO vault_secrets(" + RECORD_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)")) {
          in.setString(1, r.name());
          in.setLong(2, r.version());
          in.setBytes(3, r.ciphertext());
          in.setString(4, r.bindings());
          setTime(in, 5, r.expiresAt());
          setTime(in, 6, r.createdAt());
          setTime(in, 7, r.updatedAt());
          setTime(in, 8, r.lastUsedAt());
          in.setLong(9, r.useCount());
          in.executeUpdate();
        }
      } catch (SQLException e) {
        throw new SqlFailure(e);
      }
    }

    @Override
    public boolean deleteRecord(String name) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM vault_secrets WHERE name = ?")) {
        ps.setString(1, name);
        return ps.executeUpdate() > 0;
      } catch (SQLException e) {
        throw new SqlFailure(e);
      }
    }
  }

  private static Optional<VaultMeta> readMeta(Connection c, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + META_COLUMNS + " FROM vault_meta WHERE id = 1" + (forUpdate ? " FOR UPDATE" : ""));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new VaultMeta(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5),
          rs.getBytes(6), rs.getBytes(7), time(rs, 8), time(rs, 9)));
    }
  }

  private static List<VaultRecord> readRecords(Connection c) throws SQLException {
    List<VaultRecord> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM vault_secrets ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new VaultRecord(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getString(4), time(rs, 5),
            time(rs, 6), time(rs, 7), time(rs, 8), rs.getLong(9)));
      }
    }
    return out;
  }

  private static void bindMeta(PreparedStatement ps, int i, VaultMeta m) throws SQLException {
    ps.setInt(i, m.formatVersion());
    ps.setString(i + 1, m.kekMode());
    ps.setString(i + 2, m.kdfParams());
    ps.setBytes(i + 3, m.salt());
    ps.setBytes(i + 4, m.encryptedKeyset());
    ps.setBytes(i + 5, m.verifier());
    ps.setBytes(i + 6, m.manifest());
    setTime(ps, i + 7, m.createdAt());
    setTime(ps, i + 8, m.updatedAt());
  }

  private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }
  }

  private static Instant time(ResultSet rs, int i) throws SQLException {
    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
