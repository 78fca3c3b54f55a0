-- Durable asynchronous invocations. Standard SQL that PostgreSQL also runs: BYTEA is PostgreSQL's
-- binary type, and SQLite stores a blob as it is whatever the declared type. Instants are epoch
-- milliseconds, so that due events are found by a range on an index. A qualifier is '' for none.

CREATE TABLE async_events (
  request_id VARCHAR(64) NOT NULL PRIMARY KEY,
  function_name VARCHAR(64) NOT NULL,
  qualifier VARCHAR(128) NOT NULL,
  payload BYTEA NOT NULL,
  status VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  accepted_ms BIGINT NOT NULL,
  next_attempt_ms BIGINT NOT NULL,
  last_error TEXT,
  finished_ms BIGINT
);

-- The dispatcher's question: which waiting events are due, oldest first.
CREATE INDEX async_events_due ON async_events (status, next_attempt_ms);
-- gust invocations NAME: a function's events, newest first.
CREATE INDEX async_events_function ON async_events (function_name, accepted_ms);
