-- Schema version 12: plan revisions (issue 18, decision 0026).
--
-- plan_revisions: every text a plan has had. A plan without rows has one
-- revision, the plan as imported (the plan tables). Its first amendment
-- writes revision 1 (the imported text) and revision 2 (the amended one);
-- each later amendment one more. The plan tables always hold the latest
-- revision; `document` is the canonical plan document of each (the latest
-- one too, so every revision reads alike). Revision 1 has no amending
-- document and is in force for every day before revision 2's
-- `in_force_from`. Rows are removed only with their plan, which is possible
-- only while nothing was recorded under it.

CREATE TABLE plan_revisions (
  plan_id          TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  revision         INTEGER NOT NULL CHECK (revision >= 1),
  in_force_from    TEXT NOT NULL,
  amending_number  TEXT,
  amending_date    TEXT,
  amending_issuer  TEXT,
  recorded_at      TEXT NOT NULL,
  document         TEXT NOT NULL,
  PRIMARY KEY (plan_id, revision),
  CHECK ((revision = 1) = (amending_number IS NULL))
) WITHOUT ROWID;
