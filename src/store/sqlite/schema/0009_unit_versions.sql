-- Schema version 9: units as dated versions, and the successions between
-- them (issue 17, decision 0020).
--
-- 1. unit_versions: every version of a unit's code (name, level, parent,
--    valid from, valid to); `seq` numbers one code's versions in the order
--    they were recorded. Versions are never deleted; a version's absent dates
--    may be learned later (a succession closes the version it leaves).
-- 2. unit_successions: on `date` the version of `from_code` valid the day
--    before passed (wholly, or its `share` of a split) to the version of
--    `to_code` valid on `date`.
-- 3. admin_units stays the row of each code that plans, cases and the
--    subtree walk refer to: its latest version, and the one unit that took it
--    over (`successor`: a plan document's, or the one succession leaving it).
-- 4. plan_units keeps each plan's units as the plan names them, so that a
--    plan exported after the register changed is the document imported.
-- Every stored unit becomes its own first version.

CREATE TABLE unit_versions (
  code       TEXT NOT NULL REFERENCES admin_units (code),
  seq        INTEGER NOT NULL,
  name       TEXT NOT NULL,
  level      TEXT NOT NULL,
  parent     TEXT REFERENCES admin_units (code) DEFERRABLE INITIALLY DEFERRED,
  valid_from TEXT,
  valid_to   TEXT,
  PRIMARY KEY (code, seq)
) WITHOUT ROWID;

CREATE TABLE unit_successions (
  from_code TEXT NOT NULL REFERENCES admin_units (code),
  to_code   TEXT NOT NULL REFERENCES admin_units (code),
  date      TEXT NOT NULL,
  share     REAL,
  PRIMARY KEY (from_code, date, to_code)
) WITHOUT ROWID;
CREATE INDEX unit_successions_by_to ON unit_successions (to_code, date);
CREATE INDEX unit_successions_by_date ON unit_successions (date);

INSERT INTO unit_versions (code, seq, name, level, parent, valid_from, valid_to)
  SELECT code, 1, name, level, parent, valid_from, valid_to FROM admin_units;

ALTER TABLE plan_units ADD COLUMN name TEXT;
ALTER TABLE plan_units ADD COLUMN level TEXT;
ALTER TABLE plan_units ADD COLUMN parent TEXT;
ALTER TABLE plan_units ADD COLUMN valid_from TEXT;
ALTER TABLE plan_units ADD COLUMN valid_to TEXT;
ALTER TABLE plan_units ADD COLUMN successor TEXT;
UPDATE plan_units SET
  name = (SELECT u.name FROM admin_units u WHERE u.code = plan_units.code),
  level = (SELECT u.level FROM admin_units u WHERE u.code = plan_units.code),
  parent = (SELECT u.parent FROM admin_units u WHERE u.code = plan_units.code),
  valid_from = (SELECT u.valid_from FROM admin_units u WHERE u.code = plan_units.code),
  valid_to = (SELECT u.valid_to FROM admin_units u WHERE u.code = plan_units.code),
  successor = (SELECT u.successor FROM admin_units u WHERE u.code = plan_units.code);
