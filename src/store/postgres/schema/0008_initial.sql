-- Schema version 8 of a PostgreSQL store: the first of this engine. The
-- versions count the same schema in both engines (decision 0018): a PostgreSQL
-- store starts at the version the SQLite store had reached when the engine was
-- added, and a later version is one migration in each engine's folder.
-- Never edit once released; add a new numbered migration instead.
--
-- Columns, keys and indexes are those of the SQLite store at version 8 (its
-- schema/0001–0008 applied): dates are ISO text (`YYYY-MM-DD`, compared as
-- text), flags 0/1, money whole đồng (BIGINT), case cells the engine's
-- encoding as BYTEA. The append-only rules are triggers.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE admin_units (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  level      TEXT NOT NULL,
  parent     TEXT REFERENCES admin_units (code) DEFERRABLE INITIALLY DEFERRED,
  valid_from TEXT,
  valid_to   TEXT,
  successor  TEXT REFERENCES admin_units (code) DEFERRABLE INITIALLY DEFERRED
);
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
);
CREATE TABLE plan_texts (
  plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  list    TEXT NOT NULL,
  ord     BIGINT NOT NULL,
  value   TEXT NOT NULL,
  PRIMARY KEY (plan_id, list, ord)
);
CREATE TABLE plan_units (
  plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord     BIGINT NOT NULL,
  code    TEXT NOT NULL REFERENCES admin_units (code),
  PRIMARY KEY (plan_id, ord)
);
CREATE TABLE legal_bases (
  plan_id         TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord             BIGINT NOT NULL,
  kind            TEXT NOT NULL,
  number          TEXT NOT NULL,
  date            TEXT,
  date_as_written TEXT,
  issuer          TEXT,
  title           TEXT,
  relation        TEXT NOT NULL,
  parent_plan     TEXT,
  PRIMARY KEY (plan_id, ord)
);
CREATE TABLE agencies (
  plan_id    TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  ord        BIGINT NOT NULL,
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
);
CREATE TABLE agency_aliases (
  plan_id   TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  ord       BIGINT NOT NULL,
  alias     TEXT NOT NULL,
  PRIMARY KEY (plan_id, agency_id, ord),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id) ON DELETE CASCADE
);
CREATE TABLE funding_sources (
  plan_id     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id          TEXT NOT NULL,
  ord         BIGINT NOT NULL,
  kind        TEXT NOT NULL,
  description TEXT,
  PRIMARY KEY (plan_id, id)
);
CREATE TABLE annual_funding (
  plan_id                     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord                         BIGINT NOT NULL,
  year                        BIGINT NOT NULL,
  source                      TEXT NOT NULL,
  amount                      BIGINT NOT NULL CHECK (amount >= 0),
  ethnic_minority_mountainous BIGINT CHECK (ethnic_minority_mountainous >= 0),
  extreme_difficulty          BIGINT CHECK (extreme_difficulty >= 0),
  PRIMARY KEY (plan_id, ord),
  FOREIGN KEY (plan_id, source) REFERENCES funding_sources (plan_id, id)
);
CREATE TABLE targets (
  plan_id        TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id             TEXT NOT NULL,
  ord            BIGINT NOT NULL,
  code           TEXT NOT NULL,
  indicator      BIGINT NOT NULL,
  description    TEXT NOT NULL,
  source_text    TEXT,
  comparator     TEXT NOT NULL,
  unit           TEXT NOT NULL,
  baseline_value DOUBLE PRECISION,
  baseline_date  TEXT,
  PRIMARY KEY (plan_id, id)
);
CREATE TABLE milestones (
  plan_id    TEXT NOT NULL,
  target_id  TEXT NOT NULL,
  ord        BIGINT NOT NULL,
  date       TEXT NOT NULL,
  value      DOUBLE PRECISION NOT NULL,
  open_ended BIGINT NOT NULL DEFAULT 0,
  as_written TEXT,
  PRIMARY KEY (plan_id, target_id, ord),
  FOREIGN KEY (plan_id, target_id) REFERENCES targets (plan_id, id) ON DELETE CASCADE
);
CREATE TABLE tasks (
  plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  ord           BIGINT NOT NULL,
  parent        TEXT,
  section       TEXT NOT NULL,
  title         TEXT NOT NULL,
  text          TEXT,
  lead          TEXT,
  due           TEXT,
  rec_month     BIGINT,
  rec_day       BIGINT,
  rec_from_year BIGINT,
  rec_to_year   BIGINT,
  status        TEXT NOT NULL,
  progress      DOUBLE PRECISION,
  completed_on  TEXT,
  weight        DOUBLE PRECISION,
  PRIMARY KEY (plan_id, id),
  FOREIGN KEY (plan_id, parent) REFERENCES tasks (plan_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (plan_id, lead) REFERENCES agencies (plan_id, id)
);
CREATE TABLE task_collaborators (
  plan_id   TEXT NOT NULL,
  task_id   TEXT NOT NULL,
  ord       BIGINT NOT NULL,
  agency_id TEXT NOT NULL,
  PRIMARY KEY (plan_id, task_id, ord),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id)
);
CREATE TABLE reporting_duties (
  plan_id              TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id                   TEXT NOT NULL,
  ord                  BIGINT NOT NULL,
  recipient            TEXT NOT NULL,
  via                  TEXT,
  period               TEXT NOT NULL,
  deadline_rule        TEXT,
  deadline_day         BIGINT,
  deadline_month       BIGINT,
  deadline_year_offset BIGINT,
  as_written           TEXT,
  PRIMARY KEY (plan_id, id),
  FOREIGN KEY (plan_id, recipient) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, via) REFERENCES agencies (plan_id, id)
);
CREATE TABLE duty_reporters (
  plan_id   TEXT NOT NULL,
  duty_id   TEXT NOT NULL,
  ord       BIGINT NOT NULL,
  agency_id TEXT NOT NULL,
  PRIMARY KEY (plan_id, duty_id, ord),
  FOREIGN KEY (plan_id, duty_id) REFERENCES reporting_duties (plan_id, id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id)
);
CREATE TABLE duty_sub_periods (
  plan_id TEXT NOT NULL,
  duty_id TEXT NOT NULL,
  ord     BIGINT NOT NULL,
  idx     BIGINT NOT NULL,
  PRIMARY KEY (plan_id, duty_id, ord),
  FOREIGN KEY (plan_id, duty_id) REFERENCES reporting_duties (plan_id, id) ON DELETE CASCADE
);
CREATE TABLE events (
  plan_id     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id          TEXT NOT NULL,
  ord         BIGINT NOT NULL,
  name        TEXT NOT NULL,
  start_day   BIGINT NOT NULL,
  start_month BIGINT NOT NULL,
  end_day     BIGINT NOT NULL,
  end_month   BIGINT NOT NULL,
  from_year   BIGINT,
  to_year     BIGINT,
  as_written  TEXT,
  PRIMARY KEY (plan_id, id)
);
CREATE TABLE observations (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id     TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  date        TEXT NOT NULL,
  value       DOUBLE PRECISION NOT NULL,
  numerator   DOUBLE PRECISION,
  denominator DOUBLE PRECISION,
  FOREIGN KEY (plan_id, target_id) REFERENCES targets (plan_id, id) ON DELETE CASCADE
);
CREATE INDEX observations_by_target ON observations (plan_id, target_id, date);
CREATE TABLE task_updates (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id      TEXT NOT NULL,
  task_id      TEXT NOT NULL,
  date         TEXT NOT NULL,
  by_whom      TEXT NOT NULL,
  old_status   TEXT NOT NULL,
  new_status   TEXT NOT NULL,
  old_progress DOUBLE PRECISION,
  new_progress DOUBLE PRECISION,
  completed_on TEXT,
  note         TEXT,
  occurrence   BIGINT,
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id) ON DELETE CASCADE
);
CREATE INDEX task_updates_by_task ON task_updates (plan_id, task_id, date);
CREATE TABLE allocations (
  id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id   TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  year      BIGINT NOT NULL,
  source_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  task_id   TEXT,
  dated     TEXT NOT NULL,
  amount    BIGINT NOT NULL CHECK (amount >= 0),
  FOREIGN KEY (plan_id, source_id) REFERENCES funding_sources (plan_id, id),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id)
);
CREATE INDEX allocations_by_slice ON allocations (plan_id, year, source_id, agency_id, task_id, dated);
CREATE TABLE expenditures (
  id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id   TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  date      TEXT NOT NULL,
  source_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  task_id   TEXT,
  amount    BIGINT NOT NULL CHECK (amount >= 0),
  FOREIGN KEY (plan_id, source_id) REFERENCES funding_sources (plan_id, id),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id)
);
CREATE INDEX expenditures_by_plan ON expenditures (plan_id, date);
CREATE TABLE report_submissions (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id      TEXT NOT NULL,
  duty_id      TEXT NOT NULL,
  reporter     TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  submitted    TEXT NOT NULL,
  FOREIGN KEY (plan_id, duty_id) REFERENCES reporting_duties (plan_id, id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, reporter) REFERENCES agencies (plan_id, id)
);
CREATE INDEX report_submissions_by_duty ON report_submissions (plan_id, duty_id, reporter, period_start);
CREATE TABLE audit_log (
  seq       BIGINT PRIMARY KEY,
  at        TEXT NOT NULL,
  principal TEXT NOT NULL,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
,
  mac       TEXT
);
CREATE TABLE packages (
  digest       TEXT PRIMARY KEY,
  unit         TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  as_of        TEXT NOT NULL,
  document     TEXT NOT NULL,
  UNIQUE (unit, period_start, period_end)
);
CREATE TABLE manual_statuses (
  id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  kind    TEXT NOT NULL CHECK (kind IN ('target', 'task')),
  item_id TEXT NOT NULL,
  status  TEXT NOT NULL,
  reason  TEXT NOT NULL,
  by_whom TEXT NOT NULL,
  date    TEXT NOT NULL
);
CREATE INDEX manual_statuses_by_item ON manual_statuses (plan_id, kind, item_id, date);
CREATE TABLE case_cells (
  unit       TEXT NOT NULL,
  month      TEXT NOT NULL,  -- YYYY-MM of intake
  last_event TEXT,           -- latest provided service or referral of its cases
  counts     BYTEA NOT NULL,  -- the counters, LEB128 varints, in the library's layout
  days       BYTEA NOT NULL,  -- days to first service: (days, cases) pairs, LEB128 varints
  events     BYTEA NOT NULL DEFAULT '\x'::bytea,  -- the dated events of its cases (the engine's encoding)
  PRIMARY KEY (unit, month)
);
CREATE INDEX admin_units_by_parent ON admin_units (parent);
CREATE INDEX admin_units_by_successor ON admin_units (successor);
CREATE TABLE expected_reports (
  plan_id         TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  duty_id         TEXT NOT NULL,
  reporter        TEXT NOT NULL,  -- agency id
  period_start    TEXT NOT NULL,
  period_end      TEXT NOT NULL,
  deadline        TEXT NOT NULL,
  rule            TEXT NOT NULL CHECK (rule IN ('before', 'by')),
  first_submitted TEXT,
  PRIMARY KEY (plan_id, duty_id, reporter, period_start)
);
CREATE INDEX plans_by_unit ON plans (unit);
CREATE TABLE cases (
  unit              TEXT NOT NULL REFERENCES admin_units (code),
  code              TEXT NOT NULL,
  intake_date       TEXT NOT NULL,
  incident_date     TEXT,
  receiving_body    TEXT NOT NULL,
  channel           TEXT NOT NULL,
  domestic_violence BIGINT NOT NULL,
  status            TEXT NOT NULL,
  closed_on         TEXT,
  sex               TEXT NOT NULL,
  age_group         TEXT NOT NULL,
  ethnic_minority   BIGINT,
  disability        BIGINT,
  migrant_worker    BIGINT,
  perpetrator       TEXT NOT NULL,
  needs_help        BIGINT NOT NULL,
  consent_services  BIGINT NOT NULL,
  consent_sharing   BIGINT NOT NULL,
  first_received_as TEXT,
  -- code first: keys differ early (cheaper B-tree compares on every write)
  -- and a code is found in the subtree without a scan.
  PRIMARY KEY (code, unit)
);
CREATE TABLE case_violence (
  case_unit TEXT NOT NULL,
  case_code TEXT NOT NULL,
  ord       BIGINT NOT NULL,
  type      TEXT NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases (code, unit) ON DELETE CASCADE
);
CREATE TABLE case_measures (
  case_unit        TEXT NOT NULL,
  case_code        TEXT NOT NULL,
  ord              BIGINT NOT NULL,
  kind             TEXT NOT NULL,
  start            TEXT NOT NULL,
  end_date         TEXT,
  authority        TEXT,
  survivor_consent BIGINT,
  life_threatened  BIGINT NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases (code, unit) ON DELETE CASCADE
);
CREATE TABLE case_services (
  case_unit TEXT NOT NULL,
  case_code TEXT NOT NULL,
  ord       BIGINT NOT NULL,
  type      TEXT NOT NULL,
  provider  TEXT NOT NULL,
  date      TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases (code, unit) ON DELETE CASCADE
);
CREATE TABLE case_referrals (
  case_unit       TEXT NOT NULL,
  case_code       TEXT NOT NULL,
  ord             BIGINT NOT NULL,
  from_provider   TEXT NOT NULL,
  to_provider     TEXT NOT NULL,
  date            TEXT NOT NULL,
  status          TEXT NOT NULL,
  override_by     TEXT,
  override_reason TEXT,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases (code, unit) ON DELETE CASCADE
);
CREATE INDEX cases_by_unit ON cases (unit, intake_date);
CREATE TABLE case_digests (
  audit_seq BIGINT PRIMARY KEY REFERENCES audit_log (seq),
  hashes    BYTEA NOT NULL
);

-- Append-only: the audit trail and the content hashes of audited case writes.
CREATE FUNCTION kehoach_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION kehoach_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION kehoach_append_only();
CREATE TRIGGER case_digests_append_only BEFORE UPDATE OR DELETE ON case_digests
  FOR EACH ROW EXECUTE FUNCTION kehoach_append_only();
CREATE TRIGGER case_digests_no_truncate BEFORE TRUNCATE ON case_digests
  FOR EACH STATEMENT EXECUTE FUNCTION kehoach_append_only();
