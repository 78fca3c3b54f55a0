-- Edited after it was applied.
CREATE TABLE things (
  id INTEGER NOT NULL PRIMARY KEY,
  label VARCHAR(80) NOT NULL
);
