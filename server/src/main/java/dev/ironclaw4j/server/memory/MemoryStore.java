package dev.ironclaw4j.server.memory;

import dev.ironclaw4j.server.storage.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Documents, chunks and the change log in the database: the source of truth of memory. Every write and
 * delete records a change row in the same transaction, so the derived index can replay what it missed.
 */
final class MemoryStore {
  /** A change the index has to apply: the document at {@code path} was written or deleted. */
  record Change(long seq, String path) {}

  private final Database db;

  MemoryStore(Database db) {
    this.db = db;
  }

  /** Stores a document and its chunks, replacing any earlier version; returns the change's seq. */
  long put(MemoryDocument d, List<Chunk> chunks) {
    return db.inTransaction(c -> {
      Long id = idOf(c, d.path());
      if (id == null) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO memory_documents(path, content, content_sha256, provenance, trust, created_at, updated_at)"
                + " VALUES (?,?,?,?,?,?,?)", new String[] {"id"})) {
          ps.setString(1, d.path());
          ps.setString(2, d.content());
          ps.setString(3, sha256(d.content()));
          ps.setString(4, d.provenance());
          ps.setString(5, d.trust().wireName());
          ps.setObject(6, time(d.createdAt()));
          ps.setObject(7, time(d.updatedAt()));
          ps.executeUpdate();
          try (ResultSet rs = ps.getGeneratedKeys()) {
            rs.next();
            id = rs.getLong(1);
          }
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE memory_documents SET content = ?, content_sha256 = ?, provenance = ?, trust = ?, updated_at = ?"
                + " WHERE id = ?")) {
          ps.setString(1, d.content());
          ps.setString(2, sha256(d.content()));
          ps.setString(3, d.provenance());
          ps.setString(4, d.trust().wireName());
          ps.setObject(5, time(d.updatedAt()));
          ps.setLong(6, id);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM memory_chunks WHERE document_id = ?")) {
          ps.setLong(1, id);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO memory_chunks(document_id, ordinal, start_line, end_line, content) VALUES (?,?,?,?,?)")) {
        for (Chunk ch : chunks) {
          ps.setLong(1, id);
          ps.setInt(2, ch.ordinal());
          ps.setInt(3, ch.startLine());
          ps.setInt(4, ch.endLine());
          ps.setString(5, ch.text());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return change(c, d.path(), d.updatedAt());
    });
  }

  /** Deletes a document; returns the change's seq, or -1 when there was no such document. */
  long delete(String path, Instant at) {
    return db.inTransaction(c -> {
      Long id = idOf(c, path);
      if (id == null) {
        return -1L;
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM memory_documents WHERE id = ?")) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
      return change(c, path, at);
    });
  }

  Optional<MemoryDocument> get(String path) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT path, content, provenance, trust, created_at, updated_at FROM memory_documents WHERE path = ?")) {
        ps.setString(1, path);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new MemoryDocument(rs.getString(1), rs.getString(2), rs.getString(3),
              Trust.parse(rs.getString(4)), instant(rs, 5), instant(rs, 6)));
        }
      }
    });
  }

  /** The chunks of a document as stored, in order; empty when it does not exist. */
  List<Chunk> chunks(String path) {
    return db.inTransaction(c -> {
      List<Chunk> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT k.ordinal, k.start_line, k.end_line, k.content FROM memory_chunks k"
              + " JOIN memory_documents d ON d.id = k.document_id WHERE d.path = ? ORDER BY k.ordinal")) {
        ps.setString(1, path);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Chunk(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4)));
          }
        }
      }
      return out;
    });
  }

  /** Documents whose path starts with {@code prefix} (all when empty), in path order, at most {@code max}. */
  List<DocumentInfo> list(String prefix, int max) {
    return db.inTransaction(c -> {
      List<DocumentInfo> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT path, LENGTH(content), provenance, trust, updated_at FROM memory_documents"
              + " WHERE SUBSTRING(path, 1, ?) = ? ORDER BY path")) {
        ps.setInt(1, prefix.length());
        ps.setString(2, prefix);
        ps.setMaxRows(max);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new DocumentInfo(rs.getString(1), rs.getInt(2), rs.getString(3), Trust.parse(rs.getString(4)),
                instant(rs, 5)));
          }
        }
      }
      return out;
    });
  }

  /** Changes after {@code seq}, oldest first, at most {@code max}. */
  List<Change> changesAfter(long seq, int max) {
    return db.inTransaction(c -> {
      List<Change> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT seq, path FROM memory_changes WHERE seq > ? ORDER BY seq")) {
        ps.setLong(1, seq);
        ps.setMaxRows(max);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Change(rs.getLong(1), rs.getString(2)));
          }
        }
      }
      return out;
    });
  }

  /** The newest change's seq, 0 when there is none. */
  long lastSeq() {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM memory_changes");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  Optional<String> meta(String name) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM memory_meta WHERE meta_name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  void putMeta(String name, String value) {
    db.inTransaction(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM memory_meta WHERE meta_name = ?");
          PreparedStatement ins = c.prepareStatement("INSERT INTO memory_meta(meta_name, meta_value) VALUES (?,?)")) {
        del.setString(1, name);
        del.executeUpdate();
        ins.setString(1, name);
        ins.setString(2, value);
        ins.executeUpdate();
      }
      return null;
    });
  }

  private static long change(Connection c, String path, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO memory_changes(path, changed_at) VALUES (?,?)", new String[] {"seq"})) {
      ps.setString(1, path);
      ps.setObject(2, time(at));
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Long idOf(Connection c, String path) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM memory_documents WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static OffsetDateTime time(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int i) throws SQLException {
    return rs.getObject(i, OffsetDateTime.class).toInstant();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
