-- Schema version 11: sealed release families (issue 14, decision 0023); the
-- same table as SQLite's 0011_release_seals.sql.

CREATE TABLE release_seals (
  root      TEXT COLLATE "C" NOT NULL,
  year      INTEGER NOT NULL,
  sealed_on DATE NOT NULL,
  units     TEXT NOT NULL,
  cases     TEXT NOT NULL,
  digest    TEXT NOT NULL,
  PRIMARY KEY (root, year)
);

-- Append-only, as the audit trail (kehoach_append_only, schema 8).
CREATE TRIGGER release_seals_append_only BEFORE UPDATE OR DELETE ON release_seals
  FOR EACH ROW EXECUTE FUNCTION kehoach_append_only();
CREATE TRIGGER release_seals_no_truncate BEFORE TRUNCATE ON release_seals
  FOR EACH STATEMENT EXECUTE FUNCTION kehoach_append_only();
