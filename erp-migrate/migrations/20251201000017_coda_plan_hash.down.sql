ALTER TABLE coda.tables DROP COLUMN plan_hash;
