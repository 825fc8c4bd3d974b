//! The optional pgvector storage for agent embeddings, as a reversible opt-in step.
//!
//! [`enable`] applies `optional/pgvector.sql` (a generated `embedding_vec vector(1536)` column computed from
//! the bytea `embedding`, with an HNSW index, on `agent.memory_entries` and `agent.episodes`) and sets
//! [`SEARCH_SETTINGS`] for the current database, all in one transaction; [`disable`] undoes both
//! (`optional/pgvector.down.sql`). erp-repo detects the column on each recall and takes its candidates from
//! the index when it exists, from the signature prefilter otherwise. Both steps are idempotent, run as the
//! schema owner (who must also own the database, for `ALTER DATABASE ... SET`), and need no migration: the
//! SDK keeps writing the bytea. [`enable`] needs the pgvector extension installed on the server (0.8 or
//! newer); it fails with [`Error::Database`] otherwise, changing nothing.
//!
//! Opting a loaded table in rewrites it, decoding every stored embedding in SQL (about 1 ms a row here,
//! plus the HNSW build); inserts pay the same decoding. The file replaces its functions
//! (`CREATE OR REPLACE`), so running [`enable`] again on an enabled database brings a newer decoder in
//! without touching the stored vectors.

use sqlx::{Executor, PgPool};

use crate::Error;

/// `optional/pgvector.sql`: what [`enable`] runs.
pub const ENABLE_SQL: &str = include_str!("../optional/pgvector.sql");
/// `optional/pgvector.down.sql`: what [`disable`] runs.
pub const DISABLE_SQL: &str = include_str!("../optional/pgvector.down.sql");

/// The HNSW search settings [`enable`] sets for the database (new sessions see them). Recall filters by
/// client after the index scan and asks for at least 200 candidates: an iterative scan keeps going until it
/// has them, where the defaults (`ef_search` 40, no iterative scan) would return at most 40 rows, fewer after
/// the filter.
pub const SEARCH_SETTINGS: [(&str, &str); 2] = [
    ("hnsw.iterative_scan", "relaxed_order"),
    ("hnsw.ef_search", "200"),
];

/// Whether the optional pgvector column is there (on `agent.memory_entries`).
pub async fn is_enabled(pool: &PgPool) -> Result<bool, Error> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute \
         WHERE attrelid = to_regclass('agent.memory_entries') AND attname = 'embedding_vec' \
         AND NOT attisdropped)",
    )
    .fetch_one(pool)
    .await?)
}

/// Whether the server can install the extension (`pg_available_extensions` lists `vector`).
pub async fn is_available(pool: &PgPool) -> Result<bool, Error> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'vector')",
    )
    .fetch_one(pool)
    .await?)
}

/// Applies `optional/pgvector.sql` and sets [`SEARCH_SETTINGS`] for the current database, in one
/// transaction (idempotent).
pub async fn enable(pool: &PgPool) -> Result<(), Error> {
    let mut tx = pool.begin().await?;
    tx.execute(sqlx::raw_sql(ENABLE_SQL)).await?;
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&mut *tx)
        .await?;
    for (name, value) in SEARCH_SETTINGS {
        let sql = format!(
            "ALTER DATABASE {} SET {name} = '{value}'",
            quote_ident(&database)
        );
        tx.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(sql))).await?;
    }
    tx.commit().await?;
    tracing::info!(database, "pgvector storage enabled");
    Ok(())
}

/// Undoes [`enable`] in one transaction (idempotent): drops the indexes, the `embedding_vec` columns and the
/// decoding function, and resets [`SEARCH_SETTINGS`] for the database. The extension stays installed.
pub async fn disable(pool: &PgPool) -> Result<(), Error> {
    let mut tx = pool.begin().await?;
    tx.execute(sqlx::raw_sql(DISABLE_SQL)).await?;
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&mut *tx)
        .await?;
    for (name, _) in SEARCH_SETTINGS {
        let sql = format!("ALTER DATABASE {} RESET {name}", quote_ident(&database));
        tx.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(sql))).await?;
    }
    tx.commit().await?;
    tracing::info!(database, "pgvector storage disabled");
    Ok(())
}

/// `name` as a double-quoted SQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(super::quote_ident("erp"), "\"erp\"");
        assert_eq!(super::quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
