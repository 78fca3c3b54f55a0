-- The function registry. Standard SQL: runs unchanged on SQLite and PostgreSQL.
-- Versions are '$LATEST' or a decimal number, as text. Instants are ISO-8601 text.

CREATE TABLE functions (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  reserved_concurrency INTEGER,
  last_version_number BIGINT NOT NULL,
  created VARCHAR(40) NOT NULL
);

CREATE TABLE function_versions (
  function_name VARCHAR(64) NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
  version VARCHAR(20) NOT NULL,
  config TEXT NOT NULL,
  code_sha256 VARCHAR(64) NOT NULL,
  code_size BIGINT NOT NULL,
  code_unzipped_size BIGINT NOT NULL,
  revision_id VARCHAR(64) NOT NULL,
  last_modified VARCHAR(40) NOT NULL,
  PRIMARY KEY (function_name, version)
);

CREATE TABLE aliases (
  function_name VARCHAR(64) NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
  name VARCHAR(128) NOT NULL,
  function_version VARCHAR(20) NOT NULL,
  weights TEXT NOT NULL,
  description TEXT NOT NULL,
  revision_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (function_name, name)
);
