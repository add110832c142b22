package dev.ironclaw4j.server.audit;

import dev.ironclaw4j.guard.audit.AuditRecord;
import dev.ironclaw4j.guard.audit.AuditStore;
import dev.ironclaw4j.server.storage.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Audit records in the {@code audit_log} table, the chain head in {@code audit_head}. Appends lock the
 * head row ({@code SELECT ... FOR UPDATE}), so concurrent appends, even from two servers sharing a
 * PostgreSQL, chain one after the other.
 */
public final class JdbcAuditStore implements AuditStore {
  private static final String COLUMNS =
      "seq, at, kind, actor, session_id, subject, input_digest, decision, reason, approver, destinations,"
          + " duration_ms, outcome, prev_hash, hash";

  private final Database db;

  public JdbcAuditStore(Database db) {
    this.db = db;
  }

  @Override
  public AuditRecord append(Function<Optional<AuditRecord>, AuditRecord> build) {
    return db.inTransaction(c -> {
      Optional<AuditRecord> last = Optional.empty();
      long headSeq;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE")) {
        rs.next();
        headSeq = rs.getLong(1);
      }
      if (headSeq > 0) {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE seq = ?")) {
          ps.setLong(1, headSeq);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              last = Optional.of(read(rs));
            }
          }
        }
      }
      AuditRecord r = build.apply(last);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO audit_log(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        ps.setLong(1, r.seq());
        ps.setTimestamp(2, Timestamp.from(r.at()));
        ps.setString(3, r.kind());
        ps.setString(4, r.actor());
        ps.setString(5, r.session());
        ps.setString(6, r.subject());
        ps.setString(7, r.inputDigest());
        ps.setString(8, r.decision());
        ps.setString(9, r.reason());
        ps.setString(10, r.approver());
        ps.setString(11, String.join("\n", r.destinations()));
        ps.setLong(12, r.durationMs());
        ps.setString(13, r.outcome());
        ps.setString(14, r.prevHash());
        ps.setString(15, r.hash());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
        ps.setLong(1, r.seq());
        ps.setString(2, r.hash());
        ps.executeUpdate();
      }
      return r;
    });
  }

  @Override
  public List<AuditRecord> query(Filter f, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (f.subject() != null && !f.subject().isEmpty()) {
      sql.append(" AND subject = ?");
      args.add(f.subject());
    }
    if (f.session() != null && !f.session().isEmpty()) {
      sql.append(" AND session_id = ?");
      args.add(f.session());
    }
    if (f.kind() != null && !f.kind().isEmpty()) {
      sql.append(" AND kind = ?");
      args.add(f.kind());
    }
    if (f.since() != null) {
      sql.append(" AND at >= ?");
      args.add(Timestamp.from(f.since()));
    }
    // newest `limit` records, returned oldest first
    String q = "SELECT * FROM (" + sql + " ORDER BY seq DESC LIMIT " + Math.max(0, limit) + ") t ORDER BY seq";
    return db.inTransaction(c -> {
      List<AuditRecord> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(q)) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void forEach(Consumer<AuditRecord> action) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq")) {
        ps.setFetchSize(500);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            action.accept(read(rs));
          }
        }
      }
      return null;
    });
  }

  @Override
  public Optional<Head> head() {
    return db.inTransaction(c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
        if (!rs.next() || rs.getLong(1) == 0) {
          return Optional.empty();
        }
        return Optional.of(new Head(rs.getLong(1), rs.getString(2).trim()));
      }
    });
  }

  private static AuditRecord read(ResultSet rs) throws SQLException {
    String dest = rs.getString(11);
    return new AuditRecord(
        rs.getLong(1),
        rs.getTimestamp(2).toInstant(),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        dest == null || dest.isEmpty() ? List.of() : Arrays.asList(dest.split("\n")),
        rs.getLong(12),
        rs.getString(13),
        rs.getString(14).trim(),
        rs.getString(15).trim());
  }

}
