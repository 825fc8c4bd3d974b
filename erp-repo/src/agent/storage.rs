//! Which embedding storage the database has (bytea, or with the optional pgvector column) and its dimension.

use sea_query::{Expr, JoinType, Query};
use sqlx::PgExecutor;

use crate::crud;
use crate::{Error, Result};

/// How embeddings are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum EmbeddingStorageKind {
    /// Little-endian `f32` in BYTEA, with the signature prefilter (the default schema).
    Bytea,
    /// The bytea plus the optional pgvector column `embedding_vec`, indexed (opt-in SQL applied).
    ///
    /// # Opting in to pgvector
    /// The migrations store embeddings as BYTEA (1,536 little-endian `f32`) with a 256-bit signature,
    /// which works on any PostgreSQL 15. Where the pgvector extension is available,
    /// `erp-migrate pgvector enable` (`erp-migrate/optional/pgvector.sql`, deliberately *not* in the
    /// migrations directory, so `erp-migrate up` never applies it; `disable` undoes it) adds a generated
    /// column `embedding_vec vector(1536)` to `agent.memory_entries` and `agent.episodes`, computed from
    /// the bytea, with an HNSW index on cosine distance. Writes are unchanged (the SDK still writes the
    /// bytea, and names the columns it reads, so `embedding_vec` never reaches it); recall detects the
    /// column and takes its candidates from the index. Tested with pgvector 0.8.6: erp-repo's recall tests
    /// run on both storages (`tests/it/recall.rs`, `tests/it/recall_pgvector.rs`).
    PgVector,
}

/// The database's embedding storage and the number of values per embedding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct EmbeddingStorage {
    /// Bytea only, or with pgvector.
    pub kind: EmbeddingStorageKind,
    /// Values per embedding (1,536 for the shipped schema).
    pub dimension: usize,
}

#[derive(sqlx::FromRow)]
struct ColumnInfo {
    table_name: String,
    column_name: String,
    type_name: String,
    typmod: i32,
    check_def: Option<String>,
}

fn storage_error(reason: String) -> Error {
    Error::invalid("embedding_storage", reason)
}

/// The byte length a CHECK `octet_length(embedding) = N` allows, as a number of `f32` values.
fn bytea_dimension(check_def: &str) -> Option<usize> {
    let rest = &check_def[check_def.find("octet_length(embedding)")?..];
    let rest = rest[rest.find('=')? + 1..].trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let bytes: usize = digits.parse().ok()?;
    bytes.is_multiple_of(4).then_some(bytes / 4)
}

fn table_storage(table: &str, columns: &[ColumnInfo]) -> Result<EmbeddingStorage> {
    let find = |name: &str| {
        columns
            .iter()
            .find(|c| c.table_name == table && c.column_name == name)
    };
    let embedding = find("embedding")
        .ok_or_else(|| storage_error(format!("agent.{table} has no embedding column")))?;
    let dimension = match embedding.type_name.as_str() {
        "bytea" => embedding
            .check_def
            .as_deref()
            .and_then(bytea_dimension)
            .ok_or_else(|| {
                storage_error(format!(
                    "agent.{table}.embedding is bytea without an octet_length CHECK: its dimension is unknown"
                ))
            })?,
        other => {
            return Err(storage_error(format!(
                "agent.{table}.embedding is {other}, but this SDK writes embeddings as bytea; \
                 pgvector is supported through the generated column of erp-migrate/optional/pgvector.sql"
            )));
        }
    };
    let kind = match find("embedding_vec") {
        None => EmbeddingStorageKind::Bytea,
        Some(v) if v.type_name == "vector" => {
            if usize::try_from(v.typmod).ok() != Some(dimension) {
                return Err(storage_error(format!(
                    "agent.{table}.embedding_vec is vector({}) but embedding holds {dimension} values",
                    v.typmod
                )));
            }
            EmbeddingStorageKind::PgVector
        }
        Some(v) => {
            return Err(storage_error(format!(
                "agent.{table}.embedding_vec is {}, expected vector({dimension})",
                v.type_name
            )));
        }
    };
    Ok(EmbeddingStorage { kind, dimension })
}

/// Reads the embedding storage of `agent.memory_entries` and `agent.episodes` from the catalog (one query).
///
/// [`Error::InvalidInput`] on `embedding_storage` when the columns are not what this SDK can use, or the
/// two tables disagree.
pub async fn embedding_storage<'e>(exec: impl PgExecutor<'e>) -> Result<EmbeddingStorage> {
    let stmt = Query::select()
        .expr_as(Expr::cust("c.relname::text"), "table_name")
        .expr_as(Expr::cust("a.attname::text"), "column_name")
        .expr_as(Expr::cust("t.typname::text"), "type_name")
        .expr_as(Expr::cust("a.atttypmod"), "typmod")
        .expr_as(
            Expr::cust(
                "(SELECT pg_catalog.pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k \
                 WHERE k.conrelid = c.oid AND k.contype = 'c' \
                 AND k.conname = c.relname || '_' || a.attname || '_check')",
            ),
            "check_def",
        )
        .from_as(("pg_catalog", "pg_class"), "c")
        .join_as(
            JoinType::InnerJoin,
            ("pg_catalog", "pg_namespace"),
            "n",
            Expr::cust("n.oid = c.relnamespace"),
        )
        .join_as(
            JoinType::InnerJoin,
            ("pg_catalog", "pg_attribute"),
            "a",
            Expr::cust("a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"),
        )
        .join_as(
            JoinType::InnerJoin,
            ("pg_catalog", "pg_type"),
            "t",
            Expr::cust("t.oid = a.atttypid"),
        )
        .and_where(Expr::cust_with_values("n.nspname = $1", ["agent"]))
        .and_where(Expr::cust_with_values(
            "c.relname = ANY($1)",
            [vec!["memory_entries".to_owned(), "episodes".to_owned()]],
        ))
        .and_where(Expr::cust_with_values(
            "a.attname = ANY($1)",
            [vec!["embedding".to_owned(), "embedding_vec".to_owned()]],
        ))
        .to_owned();
    let columns: Vec<ColumnInfo> = crud::fetch_all(exec, &stmt).await?;
    let memories = table_storage("memory_entries", &columns)?;
    let episodes = table_storage("episodes", &columns)?;
    if memories != episodes {
        return Err(storage_error(format!(
            "agent.memory_entries stores {memories:?} but agent.episodes stores {episodes:?}"
        )));
    }
    Ok(memories)
}

/// [`embedding_storage`], failing with a clear [`Error::InvalidInput`] on `embedding_storage` when the
/// database's dimension is not `expected_dimension` (the embedding model's output size).
pub async fn check_embedding_storage<'e>(
    exec: impl PgExecutor<'e>,
    expected_dimension: usize,
) -> Result<EmbeddingStorage> {
    let storage = embedding_storage(exec).await?;
    if storage.dimension != expected_dimension {
        return Err(storage_error(format!(
            "the database stores {}-value embeddings ({:?}) but the embedding model gives {expected_dimension}",
            storage.dimension, storage.kind
        )));
    }
    Ok(storage)
}

#[cfg(test)]
mod tests {
    use super::bytea_dimension;

    #[test]
    fn dimension_comes_from_the_length_check() {
        assert_eq!(
            bytea_dimension("CHECK ((octet_length(embedding) = 6144))"),
            Some(1536)
        );
        assert_eq!(
            bytea_dimension("CHECK ((octet_length(embedding) = 3072))"),
            Some(768)
        );
        assert_eq!(
            bytea_dimension("CHECK ((octet_length(embedding) = 6))"),
            None
        );
        assert_eq!(bytea_dimension("CHECK ((length(x) > 0))"), None);
    }
}
