-- Schema version 5: case aggregates kept at write time (decision 0009).
-- One row per unit and month of intake, holding counters only: the number of
-- cases in each indicator and category, the days from intake to first
-- service, and the date of the latest service or referral. Nothing here
-- identifies a case; the rows are derived from the case tables and the library
-- rebuilds them when its layout of counters (meta key case_cells_layout)
-- differs from the one they were written with.

CREATE TABLE case_cells (
  unit       TEXT NOT NULL,
  month      TEXT NOT NULL,  -- YYYY-MM of intake
  last_event TEXT,           -- latest provided service or referral of its cases
  counts     BLOB NOT NULL,  -- the counters, LEB128 varints, in the library's layout
  days       BLOB NOT NULL,  -- days to first service: (days, cases) pairs, LEB128 varints
  PRIMARY KEY (unit, month)
) WITHOUT ROWID;

-- The subtree of a unit (its children, and units merged into it) is walked on
-- every case read and roll-up; without these each step read every unit.
CREATE INDEX admin_units_by_parent ON admin_units (parent);
CREATE INDEX admin_units_by_successor ON admin_units (successor);

-- Services are read through their primary key (case_code, ord): a case has a
-- handful. The index of version 3 only slowed every case write.
DROP INDEX case_services_provided;
