-- coda: the lossless archive of the Coda doc the business is leaving (issue 11). Every Coda row is kept
-- here with the raw rich value of every cell, keyed by Coda's own ids, whether or not a PostgreSQL
-- table holds it; the row's PostgreSQL home is recorded beside it so a re-import finds it again.
-- Same conventions as the erp migration: constraints named <table>_<column>_<kind>.

CREATE SCHEMA IF NOT EXISTS coda;
REVOKE ALL ON SCHEMA coda FROM PUBLIC;

CREATE TABLE coda.tables (
    table_id     TEXT NOT NULL CONSTRAINT tables_pkey PRIMARY KEY,
    doc_id       TEXT NOT NULL,
    name         TEXT NOT NULL,
    -- The schema-qualified home (a table, or a view for Coda's computed tables); NULL when archive-only.
    target_table TEXT,
    imported_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE coda.columns (
    -- CASCADE: a column's description is owned by its table's.
    table_id      TEXT NOT NULL CONSTRAINT columns_table_id_fkey
                  REFERENCES coda.tables (table_id) ON DELETE CASCADE,
    column_id     TEXT NOT NULL,
    name          TEXT NOT NULL,
    -- The Coda column format as the API gave it ({"type": "select", "isArray": false, ...}).
    format        JSONB NOT NULL DEFAULT '{}',
    -- The PostgreSQL column the cells went to; NULL when the column maps nowhere (archived only).
    target_column TEXT,
    imported_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT columns_pkey PRIMARY KEY (table_id, column_id)
);

CREATE TABLE coda.rows (
    -- CASCADE: archived rows are owned by their table's entry.
    table_id        TEXT NOT NULL CONSTRAINT rows_table_id_fkey
                    REFERENCES coda.tables (table_id) ON DELETE CASCADE,
    row_id          TEXT NOT NULL,
    -- The row's display name in Coda (its identifying column).
    name            TEXT,
    target_table    TEXT,
    -- The id of the row in target_table; NULL for rows of computed tables (views) and archive-only tables.
    target_id       BIGINT,
    -- Raw rich cell values keyed by Coda column id, exactly as the API returned them (quoted: VALUES is
    -- a reserved word).
    "values"        JSONB NOT NULL,
    -- sha256 of the canonical form of values: a changed Coda row refreshes the archive.
    values_hash     BYTEA NOT NULL,
    -- sha256 of what was written to target_table: the target row is updated only when this changes, so
    -- a re-import of unchanged data leaves its updated_at alone.
    mapped_hash     BYTEA,
    coda_created_at TIMESTAMPTZ,
    coda_updated_at TIMESTAMPTZ,
    imported_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT rows_pkey PRIMARY KEY (table_id, row_id),
    -- One Coda row per PostgreSQL row.
    CONSTRAINT rows_target_table_target_id_key UNIQUE (target_table, target_id),
    CONSTRAINT rows_target_id_check CHECK (target_id IS NULL OR target_table IS NOT NULL)
);

COMMENT ON TABLE coda.rows IS
    'Every imported Coda row: raw rich values by column id, and the PostgreSQL row it became (target_table, target_id).';

-- The sync job (erp_sync) reads and writes the archive next to erp.
GRANT USAGE ON SCHEMA coda TO erp_sync;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA coda TO erp_sync;
