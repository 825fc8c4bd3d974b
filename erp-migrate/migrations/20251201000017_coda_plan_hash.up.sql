-- The unchanged re-import of a Coda doc spent its time mapping every row again (coercing each cell and
-- hashing what it would write, ~9 µs a row) only to find the same mapped_hash. A row's mapped form
-- depends on its own values (values_hash) and on how its table is mapped: the mapping file, the target
-- table's columns, the Coda columns' formats and the SDK's version. plan_hash records the latter for
-- the last committed import, so while both hashes are unchanged the row is known to be unchanged
-- without being mapped (tables with fill rules, which read other rows, are always mapped).
ALTER TABLE coda.tables ADD COLUMN plan_hash BYTEA;
COMMENT ON COLUMN coda.tables.plan_hash IS
    'sha256 of how the last committed import mapped this table (mapping, target and Coda columns, SDK version); NULL before the first.';
