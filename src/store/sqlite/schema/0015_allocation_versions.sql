-- Schema version 15: allocations keyed by plan, year, source, agency, task and
-- the day of the revision, with their corrections and retractions kept
-- (decision 0029). A row of allocations holds; a row a correction or a
-- retraction replaced moves to allocation_replacements with the time, so
-- everything that reads allocations reads only what holds. Rows recorded
-- before this version have no recorded_at. Where an earlier store holds one
-- key twice, the row recorded last holds (it was the one metrics read) and
-- the others move aside, marked replaced at the upgrade.
ALTER TABLE allocations ADD COLUMN recorded_at TEXT;

CREATE TABLE allocation_replacements (
  id          INTEGER PRIMARY KEY,
  plan_id     TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  year        INTEGER NOT NULL,
  source_id   TEXT NOT NULL,
  agency_id   TEXT NOT NULL,
  task_id     TEXT,
  dated       TEXT NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount >= 0),
  recorded_at TEXT,
  replaced_at TEXT NOT NULL,
  retracted   INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1))
);
CREATE INDEX allocation_replacements_by_plan ON allocation_replacements (plan_id);

CREATE TEMP TABLE kh_replaced_allocations AS
  SELECT id FROM allocations a WHERE EXISTS (
    SELECT 1 FROM allocations later WHERE later.plan_id = a.plan_id AND later.year = a.year
      AND later.source_id = a.source_id AND later.agency_id = a.agency_id AND later.task_id IS a.task_id
      AND later.dated = a.dated AND later.id > a.id);
INSERT INTO allocation_replacements (plan_id, year, source_id, agency_id, task_id, dated, amount, recorded_at,
                                     replaced_at, retracted)
  SELECT plan_id, year, source_id, agency_id, task_id, dated, amount, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 0
  FROM allocations WHERE id IN (SELECT id FROM kh_replaced_allocations) ORDER BY id;
DELETE FROM allocations WHERE id IN (SELECT id FROM kh_replaced_allocations);
DROP TABLE kh_replaced_allocations;
CREATE UNIQUE INDEX allocations_key ON allocations (plan_id, year, source_id, agency_id, ifnull(task_id, ''), dated);
