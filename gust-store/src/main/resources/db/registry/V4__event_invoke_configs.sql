-- Lambda's EventInvokeConfig: retries, maximum event age and destinations of a function's (or an
-- alias's or version's) asynchronous invocations. A qualifier is '' for the unqualified function.
-- NULL means Lambda's default. Goes with its function: ON DELETE CASCADE.

CREATE TABLE event_invoke_configs (
  function_name VARCHAR(64) NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
  qualifier VARCHAR(128) NOT NULL,
  maximum_retry_attempts INTEGER,
  maximum_event_age_seconds INTEGER,
  on_success VARCHAR(256),
  on_failure VARCHAR(256),
  last_modified VARCHAR(40) NOT NULL,
  PRIMARY KEY (function_name, qualifier)
);
