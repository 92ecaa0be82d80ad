-- Schema version 11: sealed release families (issue 14, decision 0023).
--
-- release_seals: what a release family (the principal's unit `root`, the
-- calendar `year`) was made from, fixed by its first release after the year
-- closed: the units of the family as the codec writes them and its cases as a
-- kehoach-cases document. Every later release of that family is computed from
-- this row, never from the live cases, so two releases of one family can never
-- differ. `digest` is the SHA-256 of units and cases, also written to the
-- audit entry of the sealing. Never updated or deleted (the triggers refuse).

CREATE TABLE release_seals (
  root      TEXT NOT NULL,
  year      INTEGER NOT NULL,
  sealed_on TEXT NOT NULL,
  units     TEXT NOT NULL,
  cases     TEXT NOT NULL,
  digest    TEXT NOT NULL,
  PRIMARY KEY (root, year)
) WITHOUT ROWID;

CREATE TRIGGER release_seals_no_update BEFORE UPDATE ON release_seals
BEGIN SELECT RAISE(ABORT, 'sealed release families are append-only'); END;
CREATE TRIGGER release_seals_no_delete BEFORE DELETE ON release_seals
BEGIN SELECT RAISE(ABORT, 'sealed release families are append-only'); END;
