-- Schema version 14: report submissions keyed by plan, duty, reporter,
-- period and the day submitted, with their retractions kept (decision 0028).
-- Each row of report_submissions is one report as sent; a report sent again
-- for the same period is another row (the first still judges timeliness,
-- METRICS.md §3). The same report recorded twice is one row: where an earlier
-- store holds a submission twice, the rows after the first are removed (they
-- say nothing the first does not). A retracted submission moves to
-- submission_retractions with the time it was retracted, so everything that
-- reads report_submissions reads only what holds. Rows recorded before this
-- version have no recorded_at.
ALTER TABLE report_submissions ADD COLUMN recorded_at TEXT;
DELETE FROM report_submissions
  WHERE EXISTS (SELECT 1 FROM report_submissions earlier WHERE earlier.plan_id = report_submissions.plan_id
                AND earlier.duty_id = report_submissions.duty_id AND earlier.reporter = report_submissions.reporter
                AND earlier.period_start = report_submissions.period_start
                AND earlier.submitted = report_submissions.submitted AND earlier.id < report_submissions.id);
CREATE UNIQUE INDEX report_submissions_key ON report_submissions (plan_id, duty_id, reporter, period_start, submitted);

CREATE TABLE submission_retractions (
  id           INTEGER PRIMARY KEY,
  plan_id      TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  duty_id      TEXT NOT NULL,
  reporter     TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  submitted    TEXT NOT NULL,
  recorded_at  TEXT,
  retracted_at TEXT NOT NULL
);
CREATE INDEX submission_retractions_by_plan ON submission_retractions (plan_id, duty_id);
