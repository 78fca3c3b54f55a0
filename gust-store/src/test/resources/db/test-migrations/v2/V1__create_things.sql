-- A first table.
CREATE TABLE things (
  id INTEGER NOT NULL PRIMARY KEY,
  label VARCHAR(40) NOT NULL
);

INSERT INTO things (id, label) VALUES (1, 'one');
