-- Schema version 10: agencies over time (issue 17, decision 0022); the same
-- tables as SQLite's 0010_agency_successions.sql.
--
-- 1. agency_successions: on `date` the obligations under a plan of an agency
--    that ended the day before passed to its successors; `seq` keeps the
--    order they were recorded. One per agency of a plan; never deleted.
-- 2. agency_handovers: the successors, in order; agency_handover_items the
--    tasks (with their subtrees) and reporting duties each takes (a handover
--    with none takes what the others do not). A task or duty is handed over
--    once per succession (the primary key).
-- 3. agencies.joined_by: an agency a succession brought into the plan (the
--    ended agency's id); NULL for the plan document's own, so that a plan is
--    exported as the document imported.

ALTER TABLE agencies ADD COLUMN joined_by TEXT COLLATE "C";

CREATE TABLE agency_successions (
  plan_id   TEXT COLLATE "C" NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  agency_id TEXT COLLATE "C" NOT NULL,
  seq       BIGINT NOT NULL,
  date      TEXT COLLATE "C" NOT NULL,
  basis     TEXT COLLATE "C",
  PRIMARY KEY (plan_id, agency_id),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agencies (plan_id, id)
);

CREATE TABLE agency_handovers (
  plan_id   TEXT COLLATE "C" NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL,
  ord       BIGINT NOT NULL,
  to_agency TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (plan_id, agency_id, ord),
  FOREIGN KEY (plan_id, agency_id) REFERENCES agency_successions (plan_id, agency_id) ON DELETE CASCADE,
  FOREIGN KEY (plan_id, to_agency) REFERENCES agencies (plan_id, id)
);

CREATE TABLE agency_handover_items (
  plan_id   TEXT COLLATE "C" NOT NULL,
  agency_id TEXT COLLATE "C" NOT NULL,
  ord       BIGINT NOT NULL,
  kind      TEXT COLLATE "C" NOT NULL CHECK (kind IN ('task', 'duty')),
  pos       BIGINT NOT NULL,
  item_id   TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (plan_id, agency_id, kind, item_id),
  FOREIGN KEY (plan_id, agency_id, ord) REFERENCES agency_handovers (plan_id, agency_id, ord) ON DELETE CASCADE
);
