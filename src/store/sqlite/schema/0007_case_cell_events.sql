-- Schema version 7: each case aggregate cell also keeps the events that
-- changed its counters after intake (first service, first service of each
-- type, referrals), with their dates, so that a cell is exact for any as-of
-- date by taking back the events after it (decision 0009). The cells are
-- rebuilt from the case tables on the first writable open (new layout).

ALTER TABLE case_cells ADD COLUMN events BLOB NOT NULL DEFAULT x'';
