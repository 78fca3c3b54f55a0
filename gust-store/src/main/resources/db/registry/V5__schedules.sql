-- Schedules that invoke functions (EventBridge Scheduler's fields). last_fired_ms is the last
-- scheduled time fired or skipped: the checkpoint that keeps a run from firing twice. A schedule
-- goes with its function: ON DELETE CASCADE. A qualifier is '' for none.

CREATE TABLE schedules (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  function_name VARCHAR(64) NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
  qualifier VARCHAR(128) NOT NULL,
  expression VARCHAR(256) NOT NULL,
  timezone VARCHAR(64) NOT NULL,
  missed_runs VARCHAR(16) NOT NULL,
  input TEXT,
  enabled INTEGER NOT NULL,
  created VARCHAR(40) NOT NULL,
  last_fired_ms BIGINT
);

CREATE INDEX schedules_function_name ON schedules (function_name);
