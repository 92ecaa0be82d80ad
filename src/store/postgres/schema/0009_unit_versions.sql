-- Schema version 9: units as dated versions, and the successions between
-- them (issue 17, decision 0020); the same tables as SQLite's
-- 0009_unit_versions.sql, which explains them.

CREATE TABLE unit_versions (
  code       TEXT COLLATE "C" NOT NULL REFERENCES admin_units (code),
  seq        BIGINT NOT NULL,
  name       TEXT COLLATE "C" NOT NULL,
  level      TEXT COLLATE "C" NOT NULL,
  parent     TEXT COLLATE "C" REFERENCES admin_units (code) DEFERRABLE INITIALLY DEFERRED,
  valid_from TEXT COLLATE "C",
  valid_to   TEXT COLLATE "C",
  PRIMARY KEY (code, seq)
);

CREATE TABLE unit_successions (
  from_code TEXT COLLATE "C" NOT NULL REFERENCES admin_units (code),
  to_code   TEXT COLLATE "C" NOT NULL REFERENCES admin_units (code),
  date      TEXT COLLATE "C" NOT NULL,
  share     DOUBLE PRECISION,
  PRIMARY KEY (from_code, date, to_code)
);
CREATE INDEX unit_successions_by_to ON unit_successions (to_code, date);
CREATE INDEX unit_successions_by_date ON unit_successions (date);

INSERT INTO unit_versions (code, seq, name, level, parent, valid_from, valid_to)
  SELECT code, 1, name, level, parent, valid_from, valid_to FROM admin_units;

ALTER TABLE plan_units
  ADD COLUMN name TEXT COLLATE "C",
  ADD COLUMN level TEXT COLLATE "C",
  ADD COLUMN parent TEXT COLLATE "C",
  ADD COLUMN valid_from TEXT COLLATE "C",
  ADD COLUMN valid_to TEXT COLLATE "C",
  ADD COLUMN successor TEXT COLLATE "C";
UPDATE plan_units pu SET name = u.name, level = u.level, parent = u.parent, valid_from = u.valid_from,
  valid_to = u.valid_to, successor = u.successor
  FROM admin_units u WHERE u.code = pu.code;
