-- Schema version 8 of a PostgreSQL store: the first of this engine. The
-- versions count the same schema in both engines (decision 0017): a PostgreSQL
-- store starts at the version the SQLite store had reached when the engine was
-- added, and a later version is one migration in each engine's folder.
-- Never edit once released; add a new numbered migration instead.
--
-- Columns, keys and indexes are those of the SQLite store at version 8 (its
-- schema/0001–0008 applied): dates are ISO text (`YYYY-MM-DD`, compared as
-- text; every text column has the "C" collation, so text sorts and compares
-- byte by byte as in SQLite, whatever the database's locale), flags 0/1, money whole đồng (BIGINT), case cells the engine's
-- encoding as BYTEA. The append-only rules are triggers.

CREATE TABLE meta (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value TEXT COLLATE "C" NOT NULL
);
CREATE TABLE admin_units (
  code       TEXT COLLATE "C" PRIMARY KEY,
  name       TEXT COLLATE "C" NOT NULL,
  level      TEXT COLLATE "C" NOT NULL,
  parent     TEXT COLLATE "C" REFERENCES admin_units (code) DEFERRABLE INITIALLY DEFERRED,
  valid_from TEXT COLLATE "C",
  valid_to   TEXT COLLATE "C",
  successor  TEXT COLLATE "C" REFERENCES admin_units (code) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE plans (
  id                    TEXT COLLATE "C" PRIMARY KEY,
  number                TEXT COLLATE "C",
  document_type         TEXT COLLATE "C" NOT NULL,
  kind                  TEXT COLLATE "C" NOT NULL,
  title                 TEXT COLLATE "C" NOT NULL,
  summary               TEXT COLLATE "C",
  issuer                TEXT COLLATE "C" NOT NULL,
  place                 TEXT COLLATE "C",
  issue_date            TEXT COLLATE "C",
  issue_date_as_written TEXT COLLATE "C",
  effective_date        TEXT COLLATE "C",
  status                TEXT COLLATE "C" NOT NULL,
  level                 TEXT COLLATE "C" NOT NULL,
  unit                  TEXT COLLATE "C" NOT NULL REFERENCES admin_units (code),
  period_start          TEXT COLLATE "C" NOT NULL,
  period_end            TEXT COLLATE "C" NOT NULL,
  programme             TEXT COLLATE "C",
  general_objective     TEXT COLLATE "C",
  signatory             TEXT COLLATE "C"
);
CREATE TABLE plan_texts (
  plan_id TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  list    TEXT COLLATE "C" NOT NULL,
  ord     BIGINT NOT NULL,
  value   TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (plan_id, list, ord)
);
CREATE TABLE plan_units (
  plan_id TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord     BIGINT NOT NULL,
  code    TEXT COLLATE "C" NOT NULL REFERENCES admin_units (code),
  PRIMARY KEY (plan_id, ord)
);
CREATE TABLE legal_bases (
  plan_id         TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord             BIGINT NOT NULL,
  kind            TEXT COLLATE "C" NOT NULL,
  number          TEXT COLLATE "C" NOT NULL,
  date            TEXT COLLATE "C",
  date_as_written TEXT COLLATE "C",
  issuer          TEXT COLLATE "C",
  title           TEXT COLLATE "C",
  relation        TEXT COLLATE "C" NOT NULL,
  parent_plan     TEXT COLLATE "C",
  PRIMARY KEY (plan_id, ord)
);
CREATE TABLE agencies (
  plan_id    TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id         TEXT COLLATE "C" NOT NULL,
  ord        BIGINT NOT NULL,
  name       TEXT COLLATE "C" NOT NULL,
  short_name TEXT COLLATE "C",
  kind       TEXT COLLATE "C" NOT NULL,
  level      TEXT COLLATE "C" NOT NULL,
  unit       TEXT COLLATE "C" REFERENCES admin_units (code),
  parent     TEXT COLLATE "C",
  valid_from TEXT COLLATE "C",
  valid_to   TEXT COLLATE "C",
  PRIMARY KEY (plan_id, id),
  FOREIGN KEY (plan_id, parent) REFERENCES agencies (plan_id, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE agency_aliases (
  plan_id   TEXT COLLATE "C" NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL,
  ord       BIGINT NOT NULL,
  alias     TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (plan_id, agency_id, ord),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id) ON DELETE CASCADE
);
CREATE TABLE funding_sources (
  plan_id     TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id          TEXT COLLATE "C" NOT NULL,
  ord         BIGINT NOT NULL,
  kind        TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C",
  PRIMARY KEY (plan_id, id)
);
CREATE TABLE annual_funding (
  plan_id                     TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  ord                         BIGINT NOT NULL,
  year                        BIGINT NOT NULL,
  source                      TEXT COLLATE "C" NOT NULL,
  amount                      BIGINT NOT NULL CHECK (amount >= 0),
  ethnic_minority_mountainous BIGINT CHECK (ethnic_minority_mountainous >= 0),
  extreme_difficulty          BIGINT CHECK (extreme_difficulty >= 0),
  PRIMARY KEY (plan_id, ord),
  FOREIGN KEY (plan_id, source) REFERENCES funding_sources (plan_id, id)
);
CREATE TABLE targets (
  plan_id        TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id             TEXT COLLATE "C" NOT NULL,
  ord            BIGINT NOT NULL,
  code           TEXT COLLATE "C" NOT NULL,
  indicator      BIGINT NOT NULL,
  description    TEXT COLLATE "C" NOT NULL,
  source_text    TEXT COLLATE "C",
  comparator     TEXT COLLATE "C" NOT NULL,
  unit           TEXT COLLATE "C" NOT NULL,
  baseline_value DOUBLE PRECISION,
  baseline_date  TEXT COLLATE "C",
  PRIMARY KEY (plan_id, id)
);
CREATE TABLE milestones (
  plan_id    TEXT COLLATE "C" NOT NULL,
  target_id  TEXT COLLATE "C" NOT NULL,
  ord        BIGINT NOT NULL,
  date       TEXT COLLATE "C" NOT NULL,
  value      DOUBLE PRECISION NOT NULL,
  open_ended BIGINT NOT NULL DEFAULT 0,
  as_written TEXT COLLATE "C",
  PRIMARY KEY (plan_id, target_id, ord),
  FOREIGN KEY (plan_id, target_id) REFERENCES targets (plan_id, id) ON DELETE CASCADE
);
CREATE TABLE tasks (
  plan_id       TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id            TEXT COLLATE "C" NOT NULL,
  ord           BIGINT NOT NULL,
  parent        TEXT COLLATE "C",
  section       TEXT COLLATE "C" NOT NULL,
  title         TEXT COLLATE "C" NOT NULL,
  text          TEXT COLLATE "C",
  lead          TEXT COLLATE "C",
  due           TEXT COLLATE "C",
  rec_month     BIGINT,
  rec_day       BIGINT,
  rec_from_year BIGINT,
  rec_to_year   BIGINT,
  status        TEXT COLLATE "C" NOT NULL,
  progress      DOUBLE PRECISION,
  completed_on  TEXT COLLATE "C",
  weight        DOUBLE PRECISION,
  PRIMARY KEY (plan_id, id),
  FOREIGN KEY (plan_id, parent) REFERENCES tasks (plan_id, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (plan_id, lead) REFERENCES agencies (plan_id, id)
);
CREATE TABLE task_collaborators (
  plan_id   TEXT COLLATE "C" NOT NULL,
  task_id   TEXT COLLATE "C" NOT NULL,
  ord       BIGINT NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (plan_id, task_id, ord),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id)
);
CREATE TABLE reporting_duties (
  plan_id              TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id                   TEXT COLLATE "C" NOT NULL,
  ord                  BIGINT NOT NULL,
  recipient            TEXT COLLATE "C" NOT NULL,
  via                  TEXT COLLATE "C",
  period               TEXT COLLATE "C" NOT NULL,
  deadline_rule        TEXT COLLATE "C",
  deadline_day         BIGINT,
  deadline_month       BIGINT,
  deadline_year_offset BIGINT,
  as_written           TEXT COLLATE "C",
  PRIMARY KEY (plan_id, id),
  FOREIGN KEY (plan_id, recipient) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, via) REFERENCES agencies (plan_id, id)
);
CREATE TABLE duty_reporters (
  plan_id   TEXT COLLATE "C" NOT NULL,
  duty_id   TEXT COLLATE "C" NOT NULL,
  ord       BIGINT NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (plan_id, duty_id, ord),
  FOREIGN KEY (plan_id, duty_id) REFERENCES reporting_duties (plan_id, id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id)
);
CREATE TABLE duty_sub_periods (
  plan_id TEXT COLLATE "C" NOT NULL,
  duty_id TEXT COLLATE "C" NOT NULL,
  ord     BIGINT NOT NULL,
  idx     BIGINT NOT NULL,
  PRIMARY KEY (plan_id, duty_id, ord),
  FOREIGN KEY (plan_id, duty_id) REFERENCES reporting_duties (plan_id, id) ON DELETE CASCADE
);
CREATE TABLE events (
  plan_id     TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  id          TEXT COLLATE "C" NOT NULL,
  ord         BIGINT NOT NULL,
  name        TEXT COLLATE "C" NOT NULL,
  start_day   BIGINT NOT NULL,
  start_month BIGINT NOT NULL,
  end_day     BIGINT NOT NULL,
  end_month   BIGINT NOT NULL,
  from_year   BIGINT,
  to_year     BIGINT,
  as_written  TEXT COLLATE "C",
  PRIMARY KEY (plan_id, id)
);
CREATE TABLE observations (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id     TEXT COLLATE "C" NOT NULL,
  target_id   TEXT COLLATE "C" NOT NULL,
  date        TEXT COLLATE "C" NOT NULL,
  value       DOUBLE PRECISION NOT NULL,
  numerator   DOUBLE PRECISION,
  denominator DOUBLE PRECISION,
  FOREIGN KEY (plan_id, target_id) REFERENCES targets (plan_id, id) ON DELETE CASCADE
);
CREATE INDEX observations_by_target ON observations (plan_id, target_id, date);
CREATE TABLE task_updates (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id      TEXT COLLATE "C" NOT NULL,
  task_id      TEXT COLLATE "C" NOT NULL,
  date         TEXT COLLATE "C" NOT NULL,
  by_whom      TEXT COLLATE "C" NOT NULL,
  old_status   TEXT COLLATE "C" NOT NULL,
  new_status   TEXT COLLATE "C" NOT NULL,
  old_progress DOUBLE PRECISION,
  new_progress DOUBLE PRECISION,
  completed_on TEXT COLLATE "C",
  note         TEXT COLLATE "C",
  occurrence   BIGINT,
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id) ON DELETE CASCADE
);
CREATE INDEX task_updates_by_task ON task_updates (plan_id, task_id, date);
CREATE TABLE allocations (
  id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id   TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  year      BIGINT NOT NULL,
  source_id TEXT COLLATE "C" NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL,
  task_id   TEXT COLLATE "C",
  dated     TEXT COLLATE "C" NOT NULL,
  amount    BIGINT NOT NULL CHECK (amount >= 0),
  FOREIGN KEY (plan_id, source_id) REFERENCES funding_sources (plan_id, id),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id)
);
CREATE INDEX allocations_by_slice ON allocations (plan_id, year, source_id, agency_id, task_id, dated);
CREATE TABLE expenditures (
  id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id   TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  date      TEXT COLLATE "C" NOT NULL,
  source_id TEXT COLLATE "C" NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL,
  task_id   TEXT COLLATE "C",
  amount    BIGINT NOT NULL CHECK (amount >= 0),
  FOREIGN KEY (plan_id, source_id) REFERENCES funding_sources (plan_id, id),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id)
);
CREATE INDEX expenditures_by_plan ON expenditures (plan_id, date);
CREATE TABLE report_submissions (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id      TEXT COLLATE "C" NOT NULL,
  duty_id      TEXT COLLATE "C" NOT NULL,
  reporter     TEXT COLLATE "C" NOT NULL,
  period_start TEXT COLLATE "C" NOT NULL,
  period_end   TEXT COLLATE "C" NOT NULL,
  submitted    TEXT COLLATE "C" NOT NULL,
  FOREIGN KEY (plan_id, duty_id) REFERENCES reporting_duties (plan_id, id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, reporter) REFERENCES agencies (plan_id, id)
);
CREATE INDEX report_submissions_by_duty ON report_submissions (plan_id, duty_id, reporter, period_start);
CREATE TABLE audit_log (
  seq       BIGINT PRIMARY KEY,
  at        TEXT COLLATE "C" NOT NULL,
  principal TEXT COLLATE "C" NOT NULL,
  role      TEXT COLLATE "C" NOT NULL,
  action    TEXT COLLATE "C" NOT NULL,
  detail    TEXT COLLATE "C" NOT NULL,
  prev_hash TEXT COLLATE "C" NOT NULL,
  hash      TEXT COLLATE "C" NOT NULL
,
  mac       TEXT COLLATE "C"
);
CREATE TABLE packages (
  digest       TEXT COLLATE "C" PRIMARY KEY,
  unit         TEXT COLLATE "C" NOT NULL,
  period_start TEXT COLLATE "C" NOT NULL,
  period_end   TEXT COLLATE "C" NOT NULL,
  as_of        TEXT COLLATE "C" NOT NULL,
  document     TEXT COLLATE "C" NOT NULL,
  UNIQUE (unit, period_start, period_end)
);
CREATE TABLE manual_statuses (
  id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  plan_id TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  kind    TEXT COLLATE "C" NOT NULL CHECK (kind IN ('target', 'task')),
  item_id TEXT COLLATE "C" NOT NULL,
  status  TEXT COLLATE "C" NOT NULL,
  reason  TEXT COLLATE "C" NOT NULL,
  by_whom TEXT COLLATE "C" NOT NULL,
  date    TEXT COLLATE "C" NOT NULL
);
CREATE INDEX manual_statuses_by_item ON manual_statuses (plan_id, kind, item_id, date);
CREATE TABLE case_cells (
  unit       TEXT COLLATE "C" NOT NULL,
  month      TEXT COLLATE "C" NOT NULL,  -- YYYY-MM of intake
  last_event TEXT COLLATE "C",           -- latest provided service or referral of its cases
  counts     BYTEA NOT NULL,  -- the counters, LEB128 varints, in the library's layout
  days       BYTEA NOT NULL,  -- days to first service: (days, cases) pairs, LEB128 varints
  events     BYTEA NOT NULL DEFAULT '\x'::bytea,  -- the dated events of its cases (the engine's encoding)
  PRIMARY KEY (unit, month)
);
CREATE INDEX admin_units_by_parent ON admin_units (parent);
CREATE INDEX admin_units_by_successor ON admin_units (successor);
CREATE TABLE expected_reports (
  plan_id         TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  duty_id         TEXT COLLATE "C" NOT NULL,
  reporter        TEXT COLLATE "C" NOT NULL,  -- agency id
  period_start    TEXT COLLATE "C" NOT NULL,
  period_end      TEXT COLLATE "C" NOT NULL,
  deadline        TEXT COLLATE "C" NOT NULL,
  rule            TEXT COLLATE "C" NOT NULL CHECK (rule IN ('before', 'by')),
  first_submitted TEXT COLLATE "C",
  PRIMARY KEY (plan_id, duty_id, reporter, period_start)
);
CREATE INDEX plans_by_unit ON plans (unit);
CREATE TABLE cases (
  unit              TEXT COLLATE "C" NOT NULL REFERENCES admin_units (code),
  code              TEXT COLLATE "C" NOT NULL,
  intake_date       TEXT COLLATE "C" NOT NULL,
  incident_date     TEXT COLLATE "C",
  receiving_body    TEXT COLLATE "C" NOT NULL,
  channel           TEXT COLLATE "C" NOT NULL,
  domestic_violence BIGINT NOT NULL,
  status            TEXT COLLATE "C" NOT NULL,
  closed_on         TEXT COLLATE "C",
  sex               TEXT COLLATE "C" NOT NULL,
  age_group         TEXT COLLATE "C" NOT NULL,
  ethnic_minority   BIGINT,
  disability        BIGINT,
  migrant_worker    BIGINT,
  perpetrator       TEXT COLLATE "C" NOT NULL,
  needs_help        BIGINT NOT NULL,
  consent_services  BIGINT NOT NULL,
  consent_sharing   BIGINT NOT NULL,
  first_received_as TEXT COLLATE "C",
  -- code first: keys differ early (cheaper B-tree compares on every write)
  -- and a code is found in the subtree without a scan.
  PRIMARY KEY (code, unit)
);
CREATE TABLE case_violence (
  case_unit TEXT COLLATE "C" NOT NULL,
  case_code TEXT COLLATE "C" NOT NULL,
  ord       BIGINT NOT NULL,
  type      TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases (code, unit) ON DELETE CASCADE
);
CREATE TABLE case_measures (
  case_unit        TEXT COLLATE "C" NOT NULL,
  case_code        TEXT COLLATE "C" NOT NULL,
  ord              BIGINT NOT NULL,
  kind             TEXT COLLATE "C" NOT NULL,
  start            TEXT COLLATE "C" NOT NULL,
  end_date         TEXT COLLATE "C",
  authority        TEXT COLLATE "C",
  survivor_consent BIGINT,
  life_threatened  BIGINT NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases (code, unit) ON DELETE CASCADE
);
CREATE TABLE case_services (
  case_unit TEXT COLLATE "C" NOT NULL,
  case_code TEXT COLLATE "C" NOT NULL,
  ord       BIGINT NOT NULL,
  type      TEXT COLLATE "C" NOT NULL,
  provider  TEXT COLLATE "C" NOT NULL,
  date      TEXT COLLATE "C" NOT NULL,
  outcome   TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (case_code, case_unit, ord),
  FOREIGN KEY (case_code, case_unit) REFERENCES cases (code, unit) ON DELETE CASCADE
);
CREATE TABLE case_referrals (
  case_unit       TEXT COLLATE "C" NOT NULL,
  case_code       TEXT COLLATE "C" NOT NULL,
  ord             BIGINT NOT NULL,
  from_provider   TEXT COLLATE "C" NOT NULL,
  to_provider     TEXT COLLATE "C" NOT NULL,
  date            TEXT COLLATE "C" NOT NULL,
  status          TEXT COLLATE "C" NOT NULL,
  override_by     TEXT COLLATE "C",
  override_reason TEXT COLLATE "C",
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
