-- Schema version 13: observations keyed by plan, target and date, with their
-- corrections and retractions kept (decision 0027); the same as SQLite's 0013. A row holds while
-- replaced_at is NULL; at most one row of a key holds. Rows recorded before
-- this version have no recorded_at. Where an earlier store holds one key
-- twice, the row recorded last holds (it was the one metrics read) and the
-- others are marked replaced at the upgrade.
ALTER TABLE observations ADD COLUMN recorded_at TEXT;
ALTER TABLE observations ADD COLUMN replaced_at TEXT;
ALTER TABLE observations ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1));
UPDATE observations SET replaced_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  WHERE EXISTS (SELECT 1 FROM observations later WHERE later.plan_id = observations.plan_id
                AND later.target_id = observations.target_id AND later.date = observations.date AND later.id > observations.id);
CREATE UNIQUE INDEX observations_holding ON observations (plan_id, target_id, date) WHERE replaced_at IS NULL;
