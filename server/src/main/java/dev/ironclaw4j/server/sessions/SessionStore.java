package dev.ironclaw4j.server.sessions;

import dev.ironclaw4j.server.agent.AgentException;
import dev.ironclaw4j.server.agent.SessionInfo;
import dev.ironclaw4j.server.llm.ToolCall;
import dev.ironclaw4j.server.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Sessions and their messages in the database (tables {@code agent_sessions} and {@code agent_messages},
 * migration V5), on H2 and PostgreSQL alike. Stores what it is given: the agent hands it only redacted text.
 */
public final class SessionStore {
  /** Longest text stored per message; longer text is cut with a note. */
  public static final int MAX_CONTENT = 1_000_000 - 200;
  private static final JsonMapper JSON = JsonMapper.shared();

  private final Database db;
  private final Clock clock;

  public SessionStore(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * One stored message. {@code role} is user, assistant, tool or summary; a summary's {@code contextFrom}
   * is the first message it did not summarize (0 otherwise).
   */
  public record StoredMessage(int seq, String role, String content, List<ToolCall> toolCalls, String toolCallId, String toolName,
      int contextFrom, Instant at) {
    public StoredMessage {
      toolCalls = List.copyOf(toolCalls);
      toolCallId = toolCallId == null ? "" : toolCallId;
      toolName = toolName == null ? "" : toolName;
    }

    public static StoredMessage user(String text) {
      return new StoredMessage(0, "user", text, List.of(), "", "", 0, Instant.EPOCH);
    }

    public static StoredMessage assistant(String text, List<ToolCall> calls) {
      return new StoredMessage(0, "assistant", text, calls, "", "", 0, Instant.EPOCH);
    }

    public static StoredMessage tool(String callId, String toolName, String output) {
      return new StoredMessage(0, "tool", output, List.of(), callId, toolName, 0, Instant.EPOCH);
    }

    /** A compaction: the summary of everything before message {@code contextFrom}. */
    public static StoredMessage summary(String text, int contextFrom) {
      return new StoredMessage(0, "summary", text, List.of(), "", "", contextFrom, Instant.EPOCH);
    }
  }

  /** Tokens and cost of a session so far. */
  public record Accounting(int turns, int modelCalls, long inputTokens, long outputTokens, long costMicroUsd, int unpricedCalls,
      String lastModel) {
    /** The cost in USD, as text ("$0.0123", or "unknown" when no call was priced). */
    public String costText() {
      if (modelCalls > 0 && unpricedCalls == modelCalls) {
        return "unknown (no price configured)";
      }
      String c = String.format(java.util.Locale.ROOT, "$%.4f", costMicroUsd / 1_000_000.0);
      return unpricedCalls > 0 ? c + " (+" + unpricedCalls + " unpriced calls)" : c;
    }
  }

  /** Creates a session; its title is set by the first prompt. */
  public SessionInfo create(String channel, String caller) {
    String id = UUID.randomUUID().toString();
    Instant now = now();
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_sessions(id, channel, caller, title, created_at, last_active,"
          + " turns, model_calls, input_tokens, output_tokens, cost_micro_usd, unpriced_calls, last_model)"
          + " VALUES (?,?,?,?,?,?,0,0,0,0,0,0,'')")) {
        ps.setString(1, id);
        ps.setString(2, cap(channel, 32));
        ps.setString(3, cap(caller, 200));
        ps.setString(4, "");
        ps.setObject(5, time(now));
        ps.setObject(6, time(now));
        ps.executeUpdate();
      }
      return null;
    });
    return new SessionInfo(id, channel, "", now, now, 0);
  }

  public Optional<SessionInfo> find(String id) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(info(rs)) : Optional.<SessionInfo>empty();
        }
      }
    });
  }

  private static final String SELECT = "SELECT id, channel, title, created_at, last_active, turns FROM agent_sessions";

  /** Most recently active first. */
  public List<SessionInfo> list(int limit) {
    if (limit < 1) {
      return List.of();
    }
    return db.inTransaction(c -> {
      List<SessionInfo> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY last_active DESC, created_at DESC")) {
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && out.size() < limit) {
            out.add(info(rs));
          }
        }
      }
      return out;
    });
  }

  /** Appends a message and returns it with its sequence number. */
  public StoredMessage append(String sessionId, StoredMessage m) {
    Instant now = now();
    return db.inTransaction(c -> {
      int seq;
      try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM agent_messages WHERE session_id = ?")) {
        ps.setString(1, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          seq = rs.getInt(1) + 1;
        }
      }
      String content = m.content().length() > MAX_CONTENT
          ? m.content().substring(0, MAX_CONTENT) + "\n[ironclaw4j: stored text cut at " + MAX_CONTENT + " characters]" : m.content();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_messages(session_id, seq, role, content, tool_calls,"
          + " tool_call_id, tool_name, context_from, created_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
        ps.setString(1, sessionId);
        ps.setInt(2, seq);
        ps.setString(3, m.role());
        ps.setString(4, content);
        ps.setString(5, calls(m.toolCalls()));
        ps.setString(6, cap(m.toolCallId(), 300));
        ps.setString(7, cap(m.toolName(), 300));
        ps.setInt(8, m.contextFrom());
        ps.setObject(9, time(now));
        ps.executeUpdate();
      }
      touch(c, sessionId, now);
      return new StoredMessage(seq, m.role(), content, m.toolCalls(), m.toolCallId(), m.toolName(), m.contextFrom(), now);
    });
  }

  /** Every message of the session, oldest first, summaries included. */
  public List<StoredMessage> messages(String sessionId) {
    return db.inTransaction(c -> {
      List<StoredMessage> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, role, content, tool_calls, tool_call_id, tool_name, context_from,"
          + " created_at FROM agent_messages WHERE session_id = ? ORDER BY seq")) {
        ps.setString(1, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new StoredMessage(rs.getInt(1), rs.getString(2), rs.getString(3), calls(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class).toInstant()));
          }
        }
      }
      return out;
    });
  }

  /**
   * The messages the model sees: the newest summary, then the messages it did not summarize and everything
   * after it; all messages when there was no compaction. Older summaries are left out.
   */
  public List<StoredMessage> context(String sessionId) {
    List<StoredMessage> all = messages(sessionId);
    StoredMessage summary = null;
    for (StoredMessage m : all) {
      if (m.role().equals("summary")) {
        summary = m;
      }
    }
    if (summary == null) {
      return all;
    }
    List<StoredMessage> out = new ArrayList<>();
    out.add(summary);
    for (StoredMessage m : all) {
      if (!m.role().equals("summary") && m.seq() >= summary.contextFrom()) {
        out.add(m);
      }
    }
    return out;
  }

  /** Sets the title if the session has none yet (from its first prompt). */
  public void titleIfEmpty(String sessionId, String title) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE agent_sessions SET title = ? WHERE id = ? AND title = ''")) {
        ps.setString(1, cap(title, 200));
        ps.setString(2, sessionId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Counts one model call: its tokens, its cost (when priced) and the model that answered. */
  public void recordCall(String sessionId, long inputTokens, long outputTokens, Optional<Double> costUsd, String model) {
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE agent_sessions SET model_calls = model_calls + 1,"
          + " input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cost_micro_usd = cost_micro_usd + ?,"
          + " unpriced_calls = unpriced_calls + ?, last_model = ? WHERE id = ?")) {
        ps.setLong(1, inputTokens);
        ps.setLong(2, outputTokens);
        ps.setLong(3, costUsd.map(d -> Math.round(d * 1_000_000)).orElse(0L));
        ps.setInt(4, costUsd.isPresent() ? 0 : 1);
        ps.setString(5, cap(model, 300));
        ps.setString(6, sessionId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Counts a finished turn. */
  public void recordTurn(String sessionId) {
    Instant now = now();
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE agent_sessions SET turns = turns + 1, last_active = ? WHERE id = ?")) {
        ps.setObject(1, time(now));
        ps.setString(2, sessionId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  public Accounting accounting(String sessionId) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT turns, model_calls, input_tokens, output_tokens, cost_micro_usd,"
          + " unpriced_calls, last_model FROM agent_sessions WHERE id = ?")) {
        ps.setString(1, sessionId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new AgentException("unknown-session", "no session " + sessionId);
          }
          return new Accounting(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getInt(6), rs.getString(7));
        }
      }
    });
  }

  private static void touch(Connection c, String sessionId, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE agent_sessions SET last_active = ? WHERE id = ?")) {
      ps.setObject(1, time(now));
      ps.setString(2, sessionId);
      ps.executeUpdate();
    }
  }

  private Instant now() {
    // microseconds: what both databases keep, so a stored time reads back equal
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static SessionInfo info(ResultSet rs) throws SQLException {
    return new SessionInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getInt(6));
  }

  private static String calls(List<ToolCall> calls) {
    if (calls.isEmpty()) {
      return "";
    }
    ArrayNode a = JSON.createArrayNode();
    for (ToolCall t : calls) {
      a.addObject().put("id", t.id()).put("name", t.name()).put("arguments", t.arguments());
    }
    return JSON.writeValueAsString(a);
  }

  private static List<ToolCall> calls(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    List<ToolCall> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(json)) {
      out.add(new ToolCall(n.path("id").asString(), n.path("name").asString(), n.path("arguments").asString()));
    }
    return out;
  }

  private static String cap(String s, int n) {
    return s == null ? "" : s.length() <= n ? s : s.substring(0, n);
  }

  private static OffsetDateTime time(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
