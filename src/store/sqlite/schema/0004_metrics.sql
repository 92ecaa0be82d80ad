-- Schema version 4: what the metrics engine needs beyond version 3 — the
-- occurrence (year) a task update is about, for yearly recurring tasks, and
-- statuses that officials set by hand, kept beside the computed ones.

ALTER TABLE task_updates ADD COLUMN occurrence INTEGER;

CREATE TABLE manual_statuses (
  id      INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  kind    TEXT NOT NULL CHECK (kind IN ('target', 'task')),
  item_id TEXT NOT NULL,
  status  TEXT NOT NULL,
  reason  TEXT NOT NULL,
  by_whom TEXT NOT NULL,
  date    TEXT NOT NULL
);
CREATE INDEX manual_statuses_by_item ON manual_statuses (plan_id, kind, item_id, date);
