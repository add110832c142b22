-- The append-only, hash-chained audit log (guard.audit.AuditLog) and its head.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TIMESTAMP WITH TIME ZONE NOT NULL,
  kind VARCHAR(100) NOT NULL,
  actor VARCHAR(1000) NOT NULL,
  session_id VARCHAR(1000) NOT NULL,
  subject VARCHAR(1000) NOT NULL,
  input_digest VARCHAR(1000) NOT NULL,
  decision VARCHAR(1000) NOT NULL,
  reason VARCHAR(1000) NOT NULL,
  approver VARCHAR(1000) NOT NULL,
  destinations VARCHAR(20000) NOT NULL,
  duration_ms BIGINT NOT NULL,
  outcome VARCHAR(1000) NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject);
CREATE INDEX audit_log_session ON audit_log(session_id);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash CHAR(64) NOT NULL
);
INSERT INTO audit_head(id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
