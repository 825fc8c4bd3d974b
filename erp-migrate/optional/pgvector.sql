-- OPTIONAL, OPT-IN: pgvector storage for agent embeddings. This is NOT a migration: it lives outside
-- migrations/, so `erp-migrate up` never applies it. Apply it with `erp-migrate pgvector enable` (or
-- `erp_migrate::pgvector::enable`), which runs this file in one transaction and sets the HNSW search
-- settings below for the database, on a database where the pgvector extension is installed (0.8 or newer
-- for iterative index scans), after the migrations. `erp-migrate pgvector disable` undoes it
-- (pgvector.down.sql). Every statement is idempotent.
--
-- What it does: keeps the BYTEA `embedding` column as the source of truth (the SDK keeps writing it, so no
-- application change is needed) and adds a generated `embedding_vec vector(1536)` column computed from it,
-- with an HNSW index on cosine distance. erp-repo detects `embedding_vec` (agent::embedding_storage reports
-- PgVector) and its recall takes candidates from `ORDER BY embedding_vec <=> $query`, then re-ranks them
-- exactly as on plain PostgreSQL.
--
-- Tested with pgvector 0.8.6 (built from ../shared/vendor by scripts/build-pgvector.sh): erp-migrate's
-- tests/it/pgvector.rs enables and disables it through the binary, and erp-repo runs its recall tests on
-- this storage too (tests/it/recall.rs, recall_pgvector.rs: through the HNSW index, the exact top 10, and
-- every memory call through PgBouncer). The SDK names the columns of these two tables instead of `*`
-- (erp-repo's crud::WIDENED_TABLES lists the tables of the ALTER TABLE lines below), so no row it reads
-- carries the vector type, whose lookup by sqlx would discard an unnamed prepared statement. Readers
-- that SELECT * get embedding_vec as well. The first part (decoding the bytea into real[]) runs on plain
-- PostgreSQL and is tested by erp-repo bit for bit against the Rust encoding.
--
-- Adding a STORED generated column rewrites each table under an ACCESS EXCLUSIVE lock: plan for it.
-- To undo: pgvector.down.sql (drops the two indexes, the embedding_vec columns and the function; the
-- extension stays, it may serve others).

-- Part 1: plain PostgreSQL ----------------------------------------------------------------------------

-- The stored embedding (little-endian IEEE-754 float32, 4 bytes per value) as real[], exactly.
CREATE OR REPLACE FUNCTION agent.embedding_to_real_array(b bytea) RETURNS real[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_agg(
               (CASE WHEN (w >> 31) = 1 THEN -1::float8 ELSE 1::float8 END)
               * (CASE WHEN ((w >> 23) & 255) = 0
                       THEN (w & 8388607)::float8 * power(2::float8, -149)
                       ELSE (1 + (w & 8388607)::float8 / 8388608)
                            * power(2::float8, (((w >> 23) & 255) - 127)::float8)
                  END)
               ORDER BY i)::real[]
    FROM (SELECT i,
                 (get_byte(b, 4 * i)::bigint)
                 | (get_byte(b, 4 * i + 1)::bigint << 8)
                 | (get_byte(b, 4 * i + 2)::bigint << 16)
                 | (get_byte(b, 4 * i + 3)::bigint << 24) AS w
          FROM generate_series(0, length(b) / 4 - 1) AS i) AS words
$$;

-- ---- requires pgvector below this line -----------------------------------------------------------------

CREATE EXTENSION IF NOT EXISTS vector;

ALTER TABLE agent.memory_entries ADD COLUMN IF NOT EXISTS embedding_vec vector(1536)
    GENERATED ALWAYS AS (agent.embedding_to_real_array(embedding)::vector(1536)) STORED;
ALTER TABLE agent.episodes ADD COLUMN IF NOT EXISTS embedding_vec vector(1536)
    GENERATED ALWAYS AS (agent.embedding_to_real_array(embedding)::vector(1536)) STORED;

CREATE INDEX IF NOT EXISTS memory_entries_embedding_vec_idx ON agent.memory_entries
    USING hnsw (embedding_vec vector_cosine_ops);
CREATE INDEX IF NOT EXISTS episodes_embedding_vec_idx ON agent.episodes
    USING hnsw (embedding_vec vector_cosine_ops);

-- Recall filters by client after the index scan. With the defaults (hnsw.ef_search = 40, no iterative
-- scan) a client with few rows among many would get fewer candidates than erp-repo asks for (at least 200).
-- `erp-migrate pgvector enable` sets them for the current database (new sessions see them); by hand:
--   ALTER DATABASE <name> SET hnsw.iterative_scan = 'relaxed_order';
--   ALTER DATABASE <name> SET hnsw.ef_search = 200;
