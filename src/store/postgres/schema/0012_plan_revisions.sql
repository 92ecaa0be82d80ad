-- Schema version 12: plan revisions (issue 18, decision 0026); the same
-- table as SQLite's 0012_plan_revisions.sql.

CREATE TABLE plan_revisions (
  plan_id          TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  revision         INTEGER NOT NULL CHECK (revision >= 1),
  in_force_from    TEXT COLLATE "C" NOT NULL,
  amending_number  TEXT COLLATE "C",
  amending_date    TEXT COLLATE "C",
  amending_issuer  TEXT,
  recorded_at      TEXT COLLATE "C" NOT NULL,
  document         TEXT NOT NULL,
  PRIMARY KEY (plan_id, revision),
  CHECK ((revision = 1) = (amending_number IS NULL))
);
