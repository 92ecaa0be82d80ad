-- Schema version 6: the reports each plan's duties expect, kept at write time
-- (decision 0010). One row per duty, reporter and period over the plan's
-- period, with its deadline and the earliest submission recorded for it, so a
-- unit's reporting as of any date is a count over its plans' rows. Filled when
-- a plan is imported, updated when a submission is recorded, and filled for the
-- plans of an older store on its first writable open (meta key expected_reports).

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
) WITHOUT ROWID;

-- Plans by unit: roll-ups walk a subtree's units and take their plans.
CREATE INDEX plans_by_unit ON plans (unit);
