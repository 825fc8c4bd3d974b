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
-- Adding a STORED generated column rewrites each table under an ACCESS EXCLUSIVE lock, decoding every
-- embedding (about 1 ms a row on the benchmark machine) and then building the HNSW index: plan for it.
-- To undo: pgvector.down.sql (drops the two indexes, the embedding_vec columns and the function; the
-- extension stays, it may serve others).

-- Part 1: plain PostgreSQL ----------------------------------------------------------------------------

-- The decoder's constants, indexed by a float32's top 9 bits (sign and exponent) plus one: [k] is the
-- weight of one unit of the 23-bit fraction (2^(e-150), 2^-149 for subnormals), [512 + k] the value of the
-- implicit leading bit (2^(e-127), 0 for subnormals), both signed. IMMUTABLE without arguments, so the
-- planner folds the call in agent.embedding_to_real_array to a constant once per statement.
CREATE OR REPLACE FUNCTION agent.float32_decode_table() RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(
               (1 - 2 * ((k >> 8) & 1))
               * CASE WHEN k < 512 THEN power(2::float8, greatest(k & 255, 1) - 150)
                      WHEN (k & 255) = 0 THEN 0::float8
                      ELSE power(2::float8, (k & 255) - 127)
                 END
               ORDER BY k)
    FROM generate_series(0, 1023) AS k
$$;

-- The stored embedding (little-endian IEEE-754 float32, 4 bytes per value) as real[], exactly: each value
-- is fraction * 2^(e-150) + 2^(e-127) with the sign, both terms exact in float8, read from the table
-- above instead of a power() per value. The bytea is copied once (`b || ''`) before the byte reads: a
-- TOASTed value (any stored embedding, 6 KB) would otherwise be fetched from the TOAST table again by
-- every get_byte, which made opting a loaded table in take ~65 ms a row (now ~1 ms; inserts ~2x
-- faster). `erp-migrate pgvector enable` runs this file with CREATE OR REPLACE, so a database that
-- enabled an older version gets this one by running enable again (stored vectors are the same bits).
CREATE OR REPLACE FUNCTION agent.embedding_to_real_array(b bytea) RETURNS real[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY(
        SELECT (t[k] * (get_byte(d, j) + 256 * get_byte(d, j + 1) + 65536 * (b2 & 127)) + t[512 + k])::real
        FROM generate_series(0, length(d) - 4, 4) AS j,
             LATERAL (SELECT get_byte(d, j + 2) AS b2) AS third,
             LATERAL (SELECT 2 * get_byte(d, j + 3) + b2 / 128 + 1 AS k) AS top
        ORDER BY j)
    FROM (SELECT b || '\x'::bytea AS d, agent.float32_decode_table() AS t OFFSET 0) AS plain
$$;

-- ---- requires pgvector below this line -----------------------------------------------------------------

CREATE EXTENSION IF NOT EXISTS vector;

-- STORAGE PLAIN keeps each vector (6 KB) in its row, one row a page, instead of in TOAST: with the default
-- (EXTENDED) the heap holds only pointers, so the planner costs a sequential scan and sort of a client's
-- rows at a fraction of the HNSW scan and takes it, while each row then costs a TOAST fetch of its vector
-- (200 candidates at 10 k memories: estimated 940 against ~7,700 for the index scan, measured 98 ms
-- against 1.5 ms). Set in the same ALTER TABLE as the column, so the rewrite stores the vectors inline.
ALTER TABLE agent.memory_entries
    ADD COLUMN IF NOT EXISTS embedding_vec vector(1536)
        GENERATED ALWAYS AS (agent.embedding_to_real_array(embedding)::vector(1536)) STORED,
    ALTER COLUMN embedding_vec SET STORAGE PLAIN;
ALTER TABLE agent.episodes
    ADD COLUMN IF NOT EXISTS embedding_vec vector(1536)
        GENERATED ALWAYS AS (agent.embedding_to_real_array(embedding)::vector(1536)) STORED,
    ALTER COLUMN embedding_vec SET STORAGE PLAIN;

CREATE INDEX IF NOT EXISTS memory_entries_embedding_vec_idx ON agent.memory_entries
    USING hnsw (embedding_vec vector_cosine_ops);
CREATE INDEX IF NOT EXISTS episodes_embedding_vec_idx ON agent.episodes
    USING hnsw (embedding_vec vector_cosine_ops);

-- Recall filters by client after the index scan. With the defaults (hnsw.ef_search = 40, no iterative
-- scan) a client with few rows among many would get fewer candidates than erp-repo asks for (at least 200).
-- `erp-migrate pgvector enable` sets them for the current database (new sessions see them); by hand:
--   ALTER DATABASE <name> SET hnsw.iterative_scan = 'relaxed_order';
--   ALTER DATABASE <name> SET hnsw.ef_search = 200;
