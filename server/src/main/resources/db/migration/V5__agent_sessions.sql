-- Agent sessions (issue 11): one row per conversation, its messages in order. Every text stored here has
-- passed the leak detector's redaction; tool outputs are stored as the model saw them (fenced).
CREATE TABLE agent_sessions (
  id VARCHAR(64) PRIMARY KEY,
  channel VARCHAR(32) NOT NULL,
  caller VARCHAR(200) NOT NULL,
  title VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_active TIMESTAMP WITH TIME ZONE NOT NULL,
  turns INTEGER NOT NULL,
  model_calls INTEGER NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  -- sum of the priced calls' cost, in millionths of a US dollar; unpriced_calls had no configured price
  cost_micro_usd BIGINT NOT NULL,
  unpriced_calls INTEGER NOT NULL,
  last_model VARCHAR(300) NOT NULL
);
CREATE INDEX agent_sessions_last_active ON agent_sessions(last_active);
-- role: user, assistant, tool, or summary (a compaction). The model's context is the newest summary, then
-- the messages from its context_from on (those it did not summarize), then everything after it.
CREATE TABLE agent_messages (
  session_id VARCHAR(64) NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  role VARCHAR(16) NOT NULL CHECK (role IN ('user', 'assistant', 'tool', 'summary')),
  content VARCHAR(1000000) NOT NULL,
  tool_calls VARCHAR(1000000) NOT NULL,
  tool_call_id VARCHAR(300) NOT NULL,
  tool_name VARCHAR(300) NOT NULL,
  context_from INTEGER NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (session_id, seq)
);
