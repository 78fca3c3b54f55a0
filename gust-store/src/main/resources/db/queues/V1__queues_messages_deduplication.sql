-- Queues and their messages. Standard SQL: runs unchanged on SQLite and PostgreSQL.
-- seq is assigned by the store (one writer connection), increasing in send order across queues.
-- Times are epoch milliseconds.

CREATE TABLE queues (
  name VARCHAR(80) NOT NULL PRIMARY KEY,
  fifo INTEGER NOT NULL,
  visibility_timeout INTEGER NOT NULL,
  delay_seconds INTEGER NOT NULL,
  maximum_message_size INTEGER NOT NULL,
  retention_seconds INTEGER NOT NULL,
  receive_wait_seconds INTEGER NOT NULL,
  content_based_dedup INTEGER NOT NULL,
  redrive_target_arn VARCHAR(256),
  max_receive_count INTEGER,
  other_attributes TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  modified_ms BIGINT NOT NULL
);

-- receipt_token is set by each receive and cleared by a move to a dead-letter queue; a message
-- is in flight when it has a token and visible_ms is in the future, delayed when it has none.
CREATE TABLE messages (
  seq BIGINT NOT NULL PRIMARY KEY,
  queue_name VARCHAR(80) NOT NULL REFERENCES queues (name) ON DELETE CASCADE,
  message_id VARCHAR(36) NOT NULL,
  body TEXT NOT NULL,
  attributes TEXT,
  system_attributes TEXT,
  sent_ms BIGINT NOT NULL,
  visible_ms BIGINT NOT NULL,
  receive_count INTEGER NOT NULL,
  first_receive_ms BIGINT,
  received_ms BIGINT,
  receipt_token VARCHAR(64),
  group_id VARCHAR(128),
  dedup_id VARCHAR(128),
  dead_letter_source VARCHAR(80)
);

-- Standard receives: the visible messages of one queue, earliest first.
CREATE INDEX messages_visible ON messages (queue_name, visible_ms);
-- FIFO receives: one queue's messages in send order.
CREATE INDEX messages_order ON messages (queue_name, seq);
-- Retention: one queue's messages sent before a cut-off.
CREATE INDEX messages_sent ON messages (queue_name, sent_ms);

-- FIFO deduplication: the key of every message accepted in the last five minutes.
CREATE TABLE deduplication (
  queue_name VARCHAR(80) NOT NULL REFERENCES queues (name) ON DELETE CASCADE,
  dedup_key VARCHAR(300) NOT NULL,
  message_id VARCHAR(36) NOT NULL,
  seq BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (queue_name, dedup_key)
);

CREATE INDEX deduplication_created ON deduplication (created_ms);
