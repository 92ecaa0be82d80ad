-- Schema version 8: a case is identified by its unit and its code, and the
-- case tables are bound to the audit trail (issue 14).
--
-- 1. Case codes are unique within a unit, not across the store: a case worker
--    recording a code that another unit already uses must learn nothing about
--    that unit. The child tables carry the case's unit beside its code.
-- 2. Every case write's audit entry carries a digest of what it wrote; the
--    SHA-256 of each written case's content is kept in case_digests, which is
--    append-only like the trail, so that Store::check_integrity can prove the
--    stored cases equal their last audited content.
-- 3. audit_log.mac: an HMAC-SHA256 of the entry's hash under a key held by the
--    portal (Store::set_audit_key), when one was set; NULL otherwise.

CREATE TABLE cases_v8 (
  unit              TEXT NOT NULL REFERENCES admin_units (code),
  code              TEXT NOT NULL,
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
  first_received_as TEXT,
  -- code first: keys differ early (cheaper B-tree compares on every write)
  -- and a code is found in the subtree without a scan.
  PRIMARY KEY (code, unit)
) WITHOUT ROWID;
INSERT INTO cases_v8 SELECT unit, code, intake_date, incident_date, receiving_body, channel, domestic_violence, status,
  closed_on, sex, age_group, ethnic_minority, disability, migrant_worker, perpetrator, needs_help, consent_services,
  consent_sharing, first_received_as FROM cases;

CREATE TABLE case_violence_v8 (
  case_unit TEXT NOT NULL,
  case_code TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  type      TEXT NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases_v8 (code, unit) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO case_violence_v8 SELECT c.unit, v.case_code, v.ord, v.type FROM case_violence v JOIN cases c ON c.code = v.case_code;

CREATE TABLE case_measures_v8 (
  case_unit        TEXT NOT NULL,
  case_code        TEXT NOT NULL,
  ord              INTEGER NOT NULL,
  kind             TEXT NOT NULL,
  start            TEXT NOT NULL,
  end_date         TEXT,
  authority        TEXT,
  survivor_consent INTEGER,
  life_threatened  INTEGER NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases_v8 (code, unit) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO case_measures_v8 SELECT c.unit, m.case_code, m.ord, m.kind, m.start, m.end_date, m.authority,
  m.survivor_consent, m.life_threatened FROM case_measures m JOIN cases c ON c.code = m.case_code;

CREATE TABLE case_services_v8 (
  case_unit TEXT NOT NULL,
  case_code TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  type      TEXT NOT NULL,
  provider  TEXT NOT NULL,
  date      TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases_v8 (code, unit) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO case_services_v8 SELECT c.unit, s.case_code, s.ord, s.type, s.provider, s.date, s.outcome
  FROM case_services s JOIN cases c ON c.code = s.case_code;

CREATE TABLE case_referrals_v8 (
  case_unit       TEXT NOT NULL,
  case_code       TEXT NOT NULL,
  ord             INTEGER NOT NULL,
  from_provider   TEXT NOT NULL,
  to_provider     TEXT NOT NULL,
  date            TEXT NOT NULL,
  status          TEXT NOT NULL,
  override_by     TEXT,
  override_reason TEXT,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases_v8 (code, unit) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO case_referrals_v8 SELECT c.unit, r.case_code, r.ord, r.from_provider, r.to_provider, r.date, r.status,
  r.override_by, r.override_reason FROM case_referrals r JOIN cases c ON c.code = r.case_code;

DROP TABLE case_violence;
DROP TABLE case_measures;
DROP TABLE case_services;
DROP TABLE case_referrals;
DROP TABLE cases;
ALTER TABLE cases_v8 RENAME TO cases;
ALTER TABLE case_violence_v8 RENAME TO case_violence;
ALTER TABLE case_measures_v8 RENAME TO case_measures;
ALTER TABLE case_services_v8 RENAME TO case_services;
ALTER TABLE case_referrals_v8 RENAME TO case_referrals;
CREATE INDEX cases_by_unit ON cases (unit, intake_date);

-- One row per audited case write: the entry's sequence number and the
-- SHA-256 of each written case's canonical content, 32 bytes each, in the
-- order the entry's detail lists the cases. The detail ends in the SHA-256 of
-- this blob, so it cannot be changed without breaking the chain. One row, not
-- one per case: a million-case import adds one row here. Cases written before
-- version 8 are covered by the migration's `case.baseline` entry.
CREATE TABLE case_digests (
  audit_seq INTEGER PRIMARY KEY,
  hashes    BLOB NOT NULL
);
CREATE TRIGGER case_digests_no_update BEFORE UPDATE ON case_digests
BEGIN SELECT RAISE(ABORT, 'case digests are append-only'); END;
CREATE TRIGGER case_digests_no_delete BEFORE DELETE ON case_digests
BEGIN SELECT RAISE(ABORT, 'case digests are append-only'); END;

ALTER TABLE audit_log ADD COLUMN mac TEXT;
