//! Recall by similarity: one client's live memories (or episodes) nearest a query embedding, by cosine.

use agent_model::{
    EMBEDDING_DIM, Embedding, EmbeddingSignature, Episode, MemoryEntry, MemoryType, SessionId,
};
use sea_query::{Condition, Expr, Order, Query, SelectStatement};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::episode::Episodes;
use super::memory_entry::MemoryEntries;
use super::memory_entry::live;
use crate::crud::{self, Table, select};
use crate::filter::Where;
use crate::isolation::client_scope;
use crate::schema::agent::{Episodes as E, MemoryEntries as M};
use crate::{Error, Result};
pub use agent_model::Recalled;

/// The largest `k` a recall may ask for.
pub const MAX_RECALL_K: u32 = 1000;
/// The fewest candidates the signature prefilter hands to the exact re-rank.
pub const MIN_CANDIDATES: u64 = 200;
/// Candidates per requested result, when that is more than [`MIN_CANDIDATES`].
pub const CANDIDATES_PER_RESULT: u64 = 20;

/// How many candidates the prefilter keeps for a top-`k` recall: `max(20 k, 200)`.
pub fn candidate_count(k: u32) -> u64 {
    (u64::from(k) * CANDIDATES_PER_RESULT).max(MIN_CANDIDATES)
}

/// A similarity search over one client's live memories.
///
/// # Strategy
/// Plain PostgreSQL has no vector index, so the default path is a two-stage search in one statement:
/// SQL ranks the client's candidate rows by the Hamming distance between their stored 256-bit SimHash
/// (`embedding_sig`) and the query's (`bit_count(embedding_sig # $sig)`), keeps the nearest
/// [`candidate_count`]`(k)` (at least 200), and Rust re-ranks those exactly by cosine similarity. The
/// signature is a prefilter, so it is approximate: a true neighbour is missed only when more than the
/// candidate count of the client's entries look closer by signature. Its recall@10 against the exact
/// scan is measured on clustered embeddings in the tests (`tests/it/recall.rs`).
///
/// [`RecallQuery::exact`] scans every live embedded entry of the client instead (exact, slower: every
/// embedding crosses the wire). Entries without an embedding are never recalled. Ties are broken by id.
///
/// With the optional pgvector column (`erp-migrate pgvector enable`, detected on each call; see
/// [`EmbeddingStorageKind::PgVector`](super::EmbeddingStorageKind::PgVector)), the candidates come from
/// `ORDER BY embedding_vec <=> $query` (the HNSW index) instead; the server sorts them by that distance and
/// sends only the nearest `max(4 k, 40)` with their embeddings to the same exact re-rank; the recall
/// tests run on both storages (`tests/it/recall.rs`, `tests/it/recall_pgvector.rs`).
#[derive(Debug, Clone)]
pub struct RecallQuery<'a> {
    /// Whose memories; nothing of another client is ever read.
    pub client_id: &'a str,
    /// What to look for (1,536 finite values, not all zero).
    pub embedding: &'a Embedding,
    /// How many results, 1 to [`MAX_RECALL_K`].
    pub k: u32,
    /// Only these kinds of memory (`None`: all).
    pub memory_types: Option<Vec<MemoryType>>,
    /// Score every live embedded entry exactly instead of prefiltering by signature.
    pub exact: bool,
}

impl<'a> RecallQuery<'a> {
    /// The top `k` of all kinds, through the signature prefilter.
    pub fn new(client_id: &'a str, embedding: &'a Embedding, k: u32) -> Self {
        RecallQuery {
            client_id,
            embedding,
            k,
            memory_types: None,
            exact: false,
        }
    }
}

/// A similarity search over one client's episodes.
#[derive(Debug, Clone)]
pub struct EpisodeRecallQuery<'a> {
    /// Whose episodes; nothing of another client is ever read.
    pub client_id: &'a str,
    /// What to look for (1,536 finite values, not all zero).
    pub embedding: &'a Embedding,
    /// How many results, 1 to [`MAX_RECALL_K`].
    pub k: u32,
    /// Only episodes of this session (`None`: all).
    pub session_id: Option<SessionId>,
    /// Score every embedded episode exactly instead of prefiltering by signature.
    pub exact: bool,
}

impl<'a> EpisodeRecallQuery<'a> {
    /// The top `k` of all sessions, through the signature prefilter.
    pub fn new(client_id: &'a str, embedding: &'a Embedding, k: u32) -> Self {
        EpisodeRecallQuery {
            client_id,
            embedding,
            k,
            session_id: None,
            exact: false,
        }
    }
}

/// Checks raw values as a query embedding: [`Error::InvalidInput`] on `embedding` unless 1,536 finite values.
pub fn parse_embedding(values: Vec<f32>) -> Result<Embedding> {
    Embedding::new(values).map_err(|e| Error::invalid("embedding", e.to_string()))
}

/// Reads a stored-form embedding (little-endian `f32` bytes): [`Error::InvalidInput`] on `embedding` unless
/// it is 6,144 bytes of finite values.
pub fn parse_embedding_bytes(bytes: &[u8]) -> Result<Embedding> {
    Embedding::from_bytes(bytes).map_err(|e| Error::invalid("embedding", e.to_string()))
}

/// A checked query embedding and its signature.
pub(crate) struct Probe<'a> {
    embedding: &'a Embedding,
    pub(crate) signature: EmbeddingSignature,
}

impl<'a> Probe<'a> {
    /// Checks the query (length, finite, not all zeros) before anything touches the database.
    pub(crate) fn new(embedding: &'a Embedding) -> Result<Probe<'a>> {
        let values = embedding.as_slice();
        if values.len() != EMBEDDING_DIM {
            return Err(Error::invalid(
                "embedding",
                format!(
                    "a query embedding must have {EMBEDDING_DIM} values, got {}",
                    values.len()
                ),
            ));
        }
        if values.iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid("embedding", "values must be finite"));
        }
        if values.iter().all(|&v| v == 0.0) {
            return Err(Error::invalid(
                "embedding",
                "a query embedding must not be all zeros (it has no direction)",
            ));
        }
        Ok(Probe {
            embedding,
            signature: embedding.signature(),
        })
    }

    /// Cosine similarity of a stored embedding to the query (0 for an all-zero one).
    pub(crate) fn cosine(&self, other: &Embedding) -> f64 {
        self.embedding.cosine_f64(other)
    }
}

/// A row with an id and perhaps an embedding: what the re-rank needs.
pub(crate) trait Embedded {
    fn row_id(&self) -> i64;
    fn embedding(&self) -> Option<&Embedding>;
}

impl Embedded for MemoryEntry {
    fn row_id(&self) -> i64 {
        self.id.0
    }
    fn embedding(&self) -> Option<&Embedding> {
        self.embedding.as_ref()
    }
}

impl Embedded for Episode {
    fn row_id(&self) -> i64 {
        self.id.0
    }
    fn embedding(&self) -> Option<&Embedding> {
        self.embedding.as_ref()
    }
}

/// Scores rows exactly and keeps the best `k`: similarity descending, then id ascending.
pub(crate) fn rank<T: Embedded>(probe: &Probe<'_>, rows: Vec<T>, k: usize) -> Vec<Recalled<T>> {
    let mut scored: Vec<Recalled<T>> = rows
        .into_iter()
        .filter_map(|row| {
            let similarity = probe.cosine(row.embedding()?);
            Some(Recalled {
                entry: row,
                similarity,
            })
        })
        .collect();
    scored.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.entry.row_id().cmp(&b.entry.row_id()))
    });
    scored.truncate(k);
    scored
}

pub(crate) fn check_k(field: &'static str, k: u32) -> Result<()> {
    if k == 0 || k > MAX_RECALL_K {
        return Err(Error::invalid(
            field,
            format!("must be 1 to {MAX_RECALL_K}, got {k}"),
        ));
    }
    Ok(())
}

/// `bit_count(embedding_sig # $sig)`: Hamming distance of a row's signature to the query's.
pub(crate) fn hamming_to(signature: &EmbeddingSignature) -> Expr {
    Expr::cust_with_values(
        "bit_count(embedding_sig # CAST($1 AS bit(256)))",
        [signature.to_bit_string()],
    )
}

/// Keeps the `limit` rows of `stmt` nearest the query by signature (rows without one come last).
pub(crate) fn nearest_by_signature(stmt: &mut SelectStatement, probe: &Probe<'_>, limit: u64) {
    stmt.order_by_expr(hamming_to(&probe.signature), Order::Asc)
        .order_by("id", Order::Asc)
        .limit(limit);
}

/// How many of the pgvector candidates reach the client for the exact re-rank: `max(4 k, 40)`.
///
/// The server orders the candidates by pgvector's own cosine distance (float arithmetic, where the
/// re-rank's is f64) and sends only the nearest of them with their embeddings, not all
/// [`candidate_count`]: a row of rank `k` by the exact score cannot fall behind rank `4 k` by a float
/// rounding of the same score.
fn pgvector_keep(k: u32) -> u64 {
    (u64::from(k) * 4).max(40)
}

/// `SELECT <T's columns> FROM T JOIN (the candidates) ... ORDER BY distance, id LIMIT keep`: the
/// [`candidate_count`] rows of `condition` nearest the query by pgvector's cosine distance on
/// `embedding_vec` (only the distance in the inner ORDER BY, so an HNSW index can serve it), narrowed on
/// the server to [`pgvector_keep`]; exact ties are settled by the re-rank.
fn nearest_by_pgvector<T: Table>(
    condition: Condition,
    probe: &Probe<'_>,
    k: u32,
) -> SelectStatement {
    // pgvector's text form '[v1,v2,...]', bound as a value and cast by the server.
    let text = format!(
        "[{}]",
        probe
            .embedding
            .as_slice()
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    // A sub-SELECT, so the server parses the vector once (an init plan) even where it computes the
    // distance row by row, as the select list does, and also under a generic plan.
    let distance = Expr::cust_with_values(
        "embedding_vec <=> (SELECT CAST(CAST($1 AS text) AS vector))",
        [text],
    );
    let candidates = Query::select()
        .expr_as(Expr::col("id"), "candidate_id")
        .expr_as(distance.clone(), "candidate_distance")
        .from((T::SCHEMA, T::NAME))
        .cond_where(condition)
        .and_where(Expr::cust("embedding_vec IS NOT NULL"))
        .order_by_expr(distance, Order::Asc)
        .limit(candidate_count(k))
        .to_owned();
    // The outer ORDER BY names the subquery's column, not the distance expression, so the planner
    // cannot serve it by the index (which would walk it again for rows among the candidates).
    Query::select()
        .columns(crud::columns_of::<T>("t"))
        .from_as((T::SCHEMA, T::NAME), "t")
        .join_subquery(
            sea_query::JoinType::InnerJoin,
            candidates,
            "c",
            sea_query::ExprTrait::equals(Expr::col(("t", "id")), ("c", "candidate_id")),
        )
        .order_by(("c", "candidate_distance"), Order::Asc)
        .order_by(("t", "id"), Order::Asc)
        .limit(pgvector_keep(k))
        .to_owned()
}

/// Whether `table` has the optional pgvector column `embedding_vec` (one catalog lookup).
pub(crate) async fn has_pgvector_column<'e>(
    exec: impl PgExecutor<'e>,
    table: &'static str,
) -> Result<bool> {
    let stmt = Query::select()
        .expr(Expr::cust_with_values(
            "EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a \
             JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
             WHERE a.attrelid = to_regclass($1) AND a.attname = 'embedding_vec' \
             AND NOT a.attisdropped AND t.typname = 'vector')",
            [table],
        ))
        .to_owned();
    let (found,): (bool,) = crud::fetch_optional(exec, &stmt).await?.unwrap_or((false,));
    Ok(found)
}

/// The statement reading `T`'s rows of `condition` for the re-rank: all of them (`exact`), else the
/// candidates of the signature prefilter, or of pgvector when the column exists.
async fn recall_statement<T: Table>(
    conn: &mut PgConnection,
    condition: Condition,
    probe: &Probe<'_>,
    k: u32,
    exact: bool,
) -> Result<SelectStatement> {
    if !exact && has_pgvector_column(&mut *conn, T::QUALIFIED).await? {
        return Ok(nearest_by_pgvector::<T>(condition, probe, k));
    }
    let mut stmt = select::<T>().cond_where(condition).to_owned();
    if !exact {
        nearest_by_signature(&mut stmt, probe, candidate_count(k));
    }
    Ok(stmt)
}

/// This client's live, embedded memories of the wanted kinds (`None`: all kinds).
pub(crate) fn recallable_memories(
    client_id: &str,
    memory_types: Option<&[MemoryType]>,
) -> Result<Condition> {
    Ok(Where::new()
        .eq(M::ClientId, Some(&client_id.to_owned()))?
        .any_of(M::MemoryType, memory_types)?
        .is_null(M::Embedding, Some(false))
        .and(live())
        .and(client_scope(MemoryEntries::TABLE, client_id))
        .build())
}

impl MemoryEntries {
    /// The client's top-`k` live memories nearest the query embedding by cosine similarity, best first
    /// (ties by id); see [`RecallQuery`] for the prefilter and the exact path.
    ///
    /// Runs a catalog lookup (pgvector or not) and one query; both on `conn`.
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub fn recall_similar<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        query: &RecallQuery<'_>,
    ) -> impl Future<Output = Result<Vec<Recalled>>> + Send {
        crate::crud::traced_op(Self::TABLE, "recall_similar", async move {
            let mut held = db.acquire().await?;
            Self::recall_similar_on(&mut held, query).await
        })
    }

    async fn recall_similar_on(
        conn: &mut PgConnection,
        query: &RecallQuery<'_>,
    ) -> Result<Vec<Recalled>> {
        let probe = Probe::new(query.embedding)?;
        check_k("k", query.k)?;
        let condition = recallable_memories(query.client_id, query.memory_types.as_deref())?;
        let stmt = recall_statement::<MemoryEntries>(conn, condition, &probe, query.k, query.exact)
            .await?;
        let rows: Vec<MemoryEntry> = crud::fetch_all(&mut *conn, &stmt).await?;
        Ok(rank(&probe, rows, query.k as usize))
    }
}

impl Episodes {
    /// The client's top-`k` episodes nearest the query embedding by cosine similarity, best first (ties by
    /// id); the same strategy as [`MemoryEntries::recall_similar`].
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub fn recall_similar<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        query: &EpisodeRecallQuery<'_>,
    ) -> impl Future<Output = Result<Vec<Recalled<Episode>>>> + Send {
        crate::crud::traced_op(Self::TABLE, "recall_similar", async move {
            let mut held = db.acquire().await?;
            Self::recall_similar_on(&mut held, query).await
        })
    }

    async fn recall_similar_on(
        conn: &mut PgConnection,
        query: &EpisodeRecallQuery<'_>,
    ) -> Result<Vec<Recalled<Episode>>> {
        let probe = Probe::new(query.embedding)?;
        check_k("k", query.k)?;
        let condition = Where::new()
            .eq(E::ClientId, Some(&query.client_id.to_owned()))?
            .eq(E::SessionId, query.session_id.as_ref())?
            .is_null(E::Embedding, Some(false))
            .and(client_scope(Episodes::QUALIFIED, query.client_id))
            .build();
        let stmt =
            recall_statement::<Episodes>(conn, condition, &probe, query.k, query.exact).await?;
        let rows: Vec<Episode> = crud::fetch_all(&mut *conn, &stmt).await?;
        Ok(rank(&probe, rows, query.k as usize))
    }
}
