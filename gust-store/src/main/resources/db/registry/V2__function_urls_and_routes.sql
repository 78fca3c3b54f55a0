-- Function URLs and HTTP API routes. Standard SQL: runs unchanged on SQLite and PostgreSQL.
-- A qualifier is an alias or version name, or '' for none (the unqualified function), so that it
-- can be part of a primary key. Cors is JSON with Lambda's field names, NULL when there is none.
-- Instants are ISO-8601 text. Both tables go with their function: ON DELETE CASCADE.

CREATE TABLE function_urls (
  function_name VARCHAR(64) NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
  qualifier VARCHAR(128) NOT NULL,
  url_id VARCHAR(32) NOT NULL UNIQUE,
  auth_type VARCHAR(16) NOT NULL,
  cors TEXT,
  invoke_mode VARCHAR(16) NOT NULL,
  created VARCHAR(40) NOT NULL,
  last_modified VARCHAR(40) NOT NULL,
  PRIMARY KEY (function_name, qualifier)
);

CREATE TABLE routes (
  route_id VARCHAR(32) NOT NULL PRIMARY KEY,
  route_key VARCHAR(1024) NOT NULL UNIQUE,
  function_name VARCHAR(64) NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
  qualifier VARCHAR(128) NOT NULL,
  payload_format_version VARCHAR(8) NOT NULL,
  cors TEXT,
  timeout_millis INTEGER NOT NULL,
  created VARCHAR(40) NOT NULL
);

-- The cascades look rows up by function name.
CREATE INDEX routes_function_name ON routes (function_name);
