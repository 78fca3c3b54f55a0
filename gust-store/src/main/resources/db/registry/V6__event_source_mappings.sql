-- Lambda's event source mappings from Gust's queues to functions. A qualifier is '' for the
-- unqualified function; maximum_concurrency NULL means ScalingConfig is not set; filter_patterns is
-- a JSON array of the FilterCriteria patterns (each a string), NULL for none. A mapping goes with
-- its function: ON DELETE CASCADE. The queue is named by ARN only: queues live in their own file.

CREATE TABLE event_source_mappings (
  uuid VARCHAR(36) NOT NULL PRIMARY KEY,
  function_name VARCHAR(64) NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
  qualifier VARCHAR(128) NOT NULL,
  event_source_arn VARCHAR(256) NOT NULL,
  enabled INTEGER NOT NULL,
  batch_size INTEGER NOT NULL,
  maximum_batching_window_seconds INTEGER NOT NULL,
  report_batch_item_failures INTEGER NOT NULL,
  maximum_concurrency INTEGER,
  filter_patterns TEXT,
  last_modified VARCHAR(40) NOT NULL
);

CREATE INDEX event_source_mappings_function_name ON event_source_mappings (function_name);
