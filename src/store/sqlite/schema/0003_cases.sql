-- Schema version 3: pseudonymous GBV case records, the audit trail of every
-- access to them, and imported aggregate report packages.
-- No table here has, or may ever get, a column for a name, a phone number, an
-- address or a free-text narrative (tests/cpp/cases assert it).

CREATE TABLE cases (
  code              TEXT PRIMARY KEY,
  unit              TEXT NOT NULL REFERENCES admin_units (code),
  intake_date       TEXT NOT NULL,
  incident_date     TEXT,
  receiving_body    TEXT NOT NULL,
  channel           TEXT NOT NULL,
  domestic_violence INTEGER NOT NULL,
  status            TEXT NOT NULL,
  closed_on         TEXT,
  sex               TEXT NOT NULL,
  age_group         TEXT NOT NULL,
  ethnic_minority   INTEGER,
  disability        INTEGER,
  migrant_worker    INTEGER,
  perpetrator       TEXT NOT NULL,
  needs_help        INTEGER NOT NULL,
  consent_services  INTEGER NOT NULL,
  consent_sharing   INTEGER NOT NULL,
  first_received_as TEXT
) WITHOUT ROWID;
CREATE INDEX cases_by_unit ON cases (unit, intake_date);

CREATE TABLE case_violence (
  case_code TEXT NOT NULL REFERENCES cases (code) ON DELETE CASCADE,
  ord       INTEGER NOT NULL,
  type      TEXT NOT NULL,
  PRIMARY KEY (case_code, ord)
) WITHOUT ROWID;

CREATE TABLE case_measures (
  case_code        TEXT NOT NULL REFERENCES cases (code) ON DELETE CASCADE,
  ord              INTEGER NOT NULL,
  kind             TEXT NOT NULL,
  start            TEXT NOT NULL,
  end_date         TEXT,
  authority        TEXT,
  survivor_consent INTEGER,
  life_threatened  INTEGER NOT NULL,
  PRIMARY KEY (case_code, ord)
) WITHOUT ROWID;

CREATE TABLE case_services (
  case_code TEXT NOT NULL REFERENCES cases (code) ON DELETE CASCADE,
  ord       INTEGER NOT NULL,
  type      TEXT NOT NULL,
  provider  TEXT NOT NULL,
  date      TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  PRIMARY KEY (case_code, ord)
) WITHOUT ROWID;
CREATE INDEX case_services_provided ON case_services (case_code, outcome, date);

CREATE TABLE case_referrals (
  case_code       TEXT NOT NULL REFERENCES cases (code) ON DELETE CASCADE,
  ord             INTEGER NOT NULL,
  from_provider   TEXT NOT NULL,
  to_provider     TEXT NOT NULL,
  date            TEXT NOT NULL,
  status          TEXT NOT NULL,
  override_by     TEXT,
  override_reason TEXT,
  PRIMARY KEY (case_code, ord)
) WITHOUT ROWID;

-- Append-only: each entry carries the SHA-256 of its content chained to the
-- previous entry's hash; the triggers refuse changes through SQL, and the chain
-- reveals changes made around them.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  principal TEXT NOT NULL,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE TABLE packages (
  digest       TEXT PRIMARY KEY,
  unit         TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  as_of        TEXT NOT NULL,
  document     TEXT NOT NULL,
  UNIQUE (unit, period_start, period_end)
) WITHOUT ROWID;
