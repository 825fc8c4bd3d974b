-- Undoes pgvector.sql (`erp-migrate pgvector disable` runs it in one transaction and resets the database's
-- hnsw.* settings): recall falls back to the signature prefilter. The `vector` extension stays installed in
-- the database, since other objects may use it; `DROP EXTENSION vector` removes it when nothing does.
-- Dropping the generated columns rewrites nothing (a dropped column is only marked so), but takes an
-- ACCESS EXCLUSIVE lock on each table. Every statement is idempotent.

DROP INDEX IF EXISTS agent.memory_entries_embedding_vec_idx;
DROP INDEX IF EXISTS agent.episodes_embedding_vec_idx;
ALTER TABLE agent.memory_entries DROP COLUMN IF EXISTS embedding_vec;
ALTER TABLE agent.episodes DROP COLUMN IF EXISTS embedding_vec;
DROP FUNCTION IF EXISTS agent.embedding_to_real_array(bytea);
DROP FUNCTION IF EXISTS agent.float32_decode_table();
