-- Protection at the door: what guards each route (JSON that the gateway defines: JWT authorizer,
-- API key requirement, webhook signature, throttle; NULL for none), and API keys in usage plans.
-- Standard SQL: runs unchanged on SQLite and PostgreSQL. Instants are ISO-8601 text.

ALTER TABLE routes ADD COLUMN protection TEXT;

CREATE TABLE usage_plans (
  plan_id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(128) NOT NULL UNIQUE,
  rate_limit DOUBLE PRECISION NOT NULL,
  burst_limit INTEGER NOT NULL,
  daily_quota BIGINT
);

-- A key goes with its plan: ON DELETE CASCADE.
CREATE TABLE api_keys (
  key_id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(128) NOT NULL UNIQUE,
  key_value VARCHAR(128) NOT NULL UNIQUE,
  plan_id VARCHAR(32) NOT NULL REFERENCES usage_plans (plan_id) ON DELETE CASCADE,
  created VARCHAR(40) NOT NULL
);

CREATE INDEX api_keys_plan_id ON api_keys (plan_id);
