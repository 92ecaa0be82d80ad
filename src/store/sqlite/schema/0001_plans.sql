-- Schema version 1: plans and all their parts, and the administrative tree.
-- Never edit once released; add a new numbered migration instead.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE admin_units (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  level      TEXT NOT NULL,
  parent     TEXT REFERENCES admin_units (code) DEFERRABLE INITIALLY DEFERRED,
  valid_from TEXT,
  valid_to   TEXT,
  successor  TEXT REFERENCES admin_units (code) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;

CREATE TABLE plans (
  id                    TEXT PRIMARY KEY,
  number                TEXT,
  document_type         TEXT NOT NULL,
  kind                  TEXT NOT NULL,
  title                 TEXT NOT NULL,
  summary               TEXT,
  issuer                TEXT NOT NULL,
  place                 TEXT,
  issue_date            TEXT,
  issue_date_as_written TEXT,
  effective_date        TEXT,
  status                TEXT NOT NULL,
  level                 TEXT NOT NULL,
  unit                  TEXT NOT NULL REFERENCES admin_units (code),
  period_start          TEXT NOT NULL,
  period_end            TEXT NOT NULL,
  programme             TEXT,
  general_objective     TEXT,
  signatory             TEXT
) WITHOUT ROWID;

-- The plan's lists of plain strings: purposes, requirements, recipients, notes,
-- and the ids of the plans it amends or supersedes.
CREATE TABLE plan_texts (
  plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  list    TEXT NOT NULL,
  ord     INTEGER NOT NULL,
  value   TEXT NOT NULL,
  PRIMARY KEY (plan_id, list, ord)
) WITHOUT ROWID;

CREATE TABLE plan_units (
  plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord     INTEGER NOT NULL,
  code    TEXT NOT NULL REFERENCES admin_units (code),
  PRIMARY KEY (plan_id, ord)
) WITHOUT ROWID;

CREATE TABLE legal_bases (
  plan_id         TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord             INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  number          TEXT NOT NULL,
  date            TEXT,
  date_as_written TEXT,
  issuer          TEXT,
  title           TEXT,
  relation        TEXT NOT NULL,
  parent_plan     TEXT,
  PRIMARY KEY (plan_id, ord)
) WITHOUT ROWID;

CREATE TABLE agencies (
  plan_id    TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  ord        INTEGER NOT NULL,
  name       TEXT NOT NULL,
  short_name TEXT,
  kind       TEXT NOT NULL,
  level      TEXT NOT NULL,
  unit       TEXT REFERENCES admin_units (code),
  parent     TEXT,
  valid_from TEXT,
  valid_to   TEXT,
  PRIMARY KEY (plan_id, id),
  FOREIGN KEY (plan_id, parent) REFERENCES agencies (plan_id, id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;

CREATE TABLE agency_aliases (
  plan_id   TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  alias     TEXT NOT NULL,
  PRIMARY KEY (plan_id, agency_id, ord),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE funding_sources (
  plan_id     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id          TEXT NOT NULL,
  ord         INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  description TEXT,
  PRIMARY KEY (plan_id, id)
) WITHOUT ROWID;

CREATE TABLE annual_funding (
  plan_id                     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord                         INTEGER NOT NULL,
  year                        INTEGER NOT NULL,
  source                      TEXT NOT NULL,
  amount                      INTEGER NOT NULL CHECK (amount >= 0),
  ethnic_minority_mountainous INTEGER CHECK (ethnic_minority_mountainous >= 0),
  extreme_difficulty          INTEGER CHECK (extreme_difficulty >= 0),
  PRIMARY KEY (plan_id, ord),
  FOREIGN KEY (plan_id, source) REFERENCES funding_sources (plan_id, id)
) WITHOUT ROWID;

CREATE TABLE targets (
  plan_id        TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id             TEXT NOT NULL,
  ord            INTEGER NOT NULL,
  code           TEXT NOT NULL,
  indicator      INTEGER NOT NULL,
  description    TEXT NOT NULL,
  source_text    TEXT,
  comparator     TEXT NOT NULL,
  unit           TEXT NOT NULL,
  baseline_value REAL,
  baseline_date  TEXT,
  PRIMARY KEY (plan_id, id)
) WITHOUT ROWID;

CREATE TABLE milestones (
  plan_id    TEXT NOT NULL,
  target_id  TEXT NOT NULL,
  ord        INTEGER NOT NULL,
  date       TEXT NOT NULL,
  value      REAL NOT NULL,
  open_ended INTEGER NOT NULL DEFAULT 0,
  as_written TEXT,
  PRIMARY KEY (plan_id, target_id, ord),
  FOREIGN KEY (plan_id, target_id) REFERENCES targets (plan_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE tasks (
  plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  ord           INTEGER NOT NULL,
  parent        TEXT,
  section       TEXT NOT NULL,
  title         TEXT NOT NULL,
  text          TEXT,
  lead          TEXT,
  due           TEXT,
  rec_month     INTEGER,
  rec_day       INTEGER,
  rec_from_year INTEGER,
  rec_to_year   INTEGER,
  status        TEXT NOT NULL,
  progress      REAL,
  completed_on  TEXT,
  weight        REAL,
  PRIMARY KEY (plan_id, id),
  FOREIGN KEY (plan_id, parent) REFERENCES tasks (plan_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (plan_id, lead) REFERENCES agencies (plan_id, id)
) WITHOUT ROWID;

CREATE TABLE task_collaborators (
  plan_id   TEXT NOT NULL,
  task_id   TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  agency_id TEXT NOT NULL,
  PRIMARY KEY (plan_id, task_id, ord),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id)
) WITHOUT ROWID;

CREATE TABLE reporting_duties (
  plan_id              TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id                   TEXT NOT NULL,
  ord                  INTEGER NOT NULL,
  recipient            TEXT NOT NULL,
  via                  TEXT,
  period               TEXT NOT NULL,
  deadline_rule        TEXT,
  deadline_day         INTEGER,
  deadline_month       INTEGER,
  deadline_year_offset INTEGER,
  as_written           TEXT,
  PRIMARY KEY (plan_id, id),
  FOREIGN KEY (plan_id, recipient) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, via) REFERENCES agencies (plan_id, id)
) WITHOUT ROWID;

CREATE TABLE duty_reporters (
  plan_id   TEXT NOT NULL,
  duty_id   TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  agency_id TEXT NOT NULL,
  PRIMARY KEY (plan_id, duty_id, ord),
  FOREIGN KEY (plan_id, duty_id) REFERENCES reporting_duties (plan_id, id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id)
) WITHOUT ROWID;

CREATE TABLE duty_sub_periods (
  plan_id TEXT NOT NULL,
  duty_id TEXT NOT NULL,
  ord     INTEGER NOT NULL,
  idx     INTEGER NOT NULL,
  PRIMARY KEY (plan_id, duty_id, ord),
  FOREIGN KEY (plan_id, duty_id) REFERENCES reporting_duties (plan_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE events (
  plan_id     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id          TEXT NOT NULL,
  ord         INTEGER NOT NULL,
  name        TEXT NOT NULL,
  start_day   INTEGER NOT NULL,
  start_month INTEGER NOT NULL,
  end_day     INTEGER NOT NULL,
  end_month   INTEGER NOT NULL,
  from_year   INTEGER,
  to_year     INTEGER,
  as_written  TEXT,
  PRIMARY KEY (plan_id, id)
) WITHOUT ROWID;
