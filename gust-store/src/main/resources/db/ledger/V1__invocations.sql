-- The invocation ledger. Standard SQL: runs unchanged on SQLite and PostgreSQL.
-- seq is assigned by the single writer, so retention deletes by range without scanning.

CREATE TABLE invocations (
  seq BIGINT NOT NULL PRIMARY KEY,
  request_id VARCHAR(64) NOT NULL,
  function_name VARCHAR(64) NOT NULL,
  version VARCHAR(20) NOT NULL,
  start_ms BIGINT NOT NULL,
  duration_ms DOUBLE PRECISION NOT NULL,
  billed_ms BIGINT NOT NULL,
  memory_size_mb INTEGER NOT NULL,
  max_memory_used_mb BIGINT NOT NULL,
  cold_start INTEGER NOT NULL,
  init_duration_ms DOUBLE PRECISION NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  error_type VARCHAR(256) NOT NULL
);

CREATE INDEX invocations_start ON invocations (start_ms);
