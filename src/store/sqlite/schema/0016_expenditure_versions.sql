-- Schema version 16: expenditures keyed, with their corrections and
-- retractions kept (decision 0032). A payment's key is its plan, date,
-- source, agency, task and voucher number; without a voucher the amount is
-- part of the key (two payments of one agency from one source for one task
-- on one day are told apart by their amounts). A row of expenditures holds;
-- a row a correction or a retraction replaced moves to
-- expenditure_replacements with the time. Rows recorded before this version
-- have no recorded_at nor voucher. Where an earlier store holds one payment
-- twice, every row still counts (metrics summed them all): the later ones
-- get the voucher 'kehoach-upgrade-<row id>', by which they can be retracted.
ALTER TABLE expenditures ADD COLUMN voucher TEXT;
ALTER TABLE expenditures ADD COLUMN recorded_at TEXT;

CREATE TABLE expenditure_replacements (
  id          INTEGER PRIMARY KEY,
  plan_id     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  date        TEXT NOT NULL,
  source_id   TEXT NOT NULL,
  agency_id   TEXT NOT NULL,
  task_id     TEXT,
  amount      INTEGER NOT NULL CHECK (amount >= 0),
  voucher     TEXT,
  recorded_at TEXT,
  replaced_at TEXT NOT NULL,
  retracted   INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1))
);
CREATE INDEX expenditure_replacements_by_plan ON expenditure_replacements (plan_id);

UPDATE expenditures SET voucher = 'kehoach-upgrade-' || id
  WHERE EXISTS (SELECT 1 FROM expenditures earlier WHERE earlier.plan_id = expenditures.plan_id
                AND earlier.date = expenditures.date AND earlier.source_id = expenditures.source_id
                AND earlier.agency_id = expenditures.agency_id AND earlier.task_id IS expenditures.task_id
                AND earlier.amount = expenditures.amount AND earlier.id < expenditures.id);
CREATE UNIQUE INDEX expenditures_key ON expenditures (plan_id, date, source_id, agency_id, ifnull(task_id, ''),
                                                      ifnull(voucher, ''), CASE WHEN voucher IS NULL THEN amount ELSE -1 END);
