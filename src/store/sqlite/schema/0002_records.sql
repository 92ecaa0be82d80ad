-- Schema version 2: what happens after a plan is issued — target observations,
-- task status history, budget allocations and expenditures, report submissions.

CREATE TABLE observations (
  id          INTEGER PRIMARY KEY,
  plan_id     TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  date        TEXT NOT NULL,
  value       REAL NOT NULL,
  numerator   REAL,
  denominator REAL,
  FOREIGN KEY (plan_id, target_id) REFERENCES targets (plan_id, id) ON DELETE CASCADE
);
CREATE INDEX observations_by_target ON observations (plan_id, target_id, date);

CREATE TABLE task_updates (
  id           INTEGER PRIMARY KEY,
  plan_id      TEXT NOT NULL,
  task_id      TEXT NOT NULL,
  date         TEXT NOT NULL,
  by_whom      TEXT NOT NULL,
  old_status   TEXT NOT NULL,
  new_status   TEXT NOT NULL,
  old_progress REAL,
  new_progress REAL,
  completed_on TEXT,
  note         TEXT,
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id) ON DELETE CASCADE
);
CREATE INDEX task_updates_by_task ON task_updates (plan_id, task_id, date);

CREATE TABLE allocations (
  id        INTEGER PRIMARY KEY,
  plan_id   TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  year      INTEGER NOT NULL,
  source_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  task_id   TEXT,
  dated     TEXT NOT NULL,
  amount    INTEGER NOT NULL CHECK (amount >= 0),
  FOREIGN KEY (plan_id, source_id) REFERENCES funding_sources (plan_id, id),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id)
);
CREATE INDEX allocations_by_slice ON allocations (plan_id, year, source_id, agency_id, task_id, dated);

CREATE TABLE expenditures (
  id        INTEGER PRIMARY KEY,
  plan_id   TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  date      TEXT NOT NULL,
  source_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  task_id   TEXT,
  amount    INTEGER NOT NULL CHECK (amount >= 0),
  FOREIGN KEY (plan_id, source_id) REFERENCES funding_sources (plan_id, id),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id),
  FOREIGN KEY (plan_id, task_id) REFERENCES tasks (plan_id, id)
);
CREATE INDEX expenditures_by_plan ON expenditures (plan_id, date);

CREATE TABLE report_submissions (
  id           INTEGER PRIMARY KEY,
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
