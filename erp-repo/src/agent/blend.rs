//! Blended recall for building context: memories ranked by weighted similarity, recency and importance.

use agent_model::{Embedding, MemoryEntry, MemoryType};
use chrono::{DateTime, TimeDelta, Utc};
use sea_query::{Condition, Expr, ExprTrait, Order, Query};
use sqlx::PgExecutor;

use super::memory_entry::MemoryEntries;
use super::recall::{Probe, candidate_count, check_k, hamming_to, recallable_memories};
use crate::crud::{self, select};
use crate::{Error, Result};

/// How much each component counts in a blended score; each finite and at least 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlendWeights {
    /// Weight of the cosine similarity to the query (`-1` to `1`).
    pub similarity: f64,
    /// Weight of the recency, `0.5^(age / half_life)` (`0` to `1`).
    pub recency: f64,
    /// Weight of the entry's stored importance (`0` to `1`).
    pub importance: f64,
}

/// A blended recall over one client's live memories.
#[derive(Debug, Clone)]
pub struct BlendQuery<'a> {
    /// Whose memories; nothing of another client is ever read.
    pub client_id: &'a str,
    /// What to look for (1,536 finite values, not all zero).
    pub embedding: &'a Embedding,
    /// How many results, 1 to [`MAX_RECALL_K`](super::MAX_RECALL_K).
    pub k: u32,
    /// How the three components add up.
    pub weights: BlendWeights,
    /// Age at which recency has halved (at least one millisecond).
    pub half_life: TimeDelta,
    /// The instant ages are measured from (entries created later count as age 0).
    pub now: DateTime<Utc>,
    /// Only these kinds of memory (`None`: all).
    pub memory_types: Option<Vec<MemoryType>>,
    /// Score every live embedded entry instead of the prefiltered candidates.
    pub exact: bool,
}

/// A memory with its blended score and the components it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Blended {
    /// The memory entry.
    pub entry: MemoryEntry,
    /// `weights.similarity * similarity + weights.recency * recency + weights.importance * importance`.
    pub score: f64,
    /// Cosine similarity to the query, `-1` to `1`.
    pub similarity: f64,
    /// `0.5^(age / half_life)`, `0` to `1`.
    pub recency: f64,
    /// The entry's importance, `0` to `1`.
    pub importance: f64,
}

/// Recency of something `age` old with this half-life: 1 when new, halving every half-life.
pub fn recency(age: TimeDelta, half_life: TimeDelta) -> f64 {
    let age = Ord::max(age.num_milliseconds(), 0) as f64;
    let half = Ord::max(half_life.num_milliseconds(), 1) as f64;
    0.5f64.powf(age / half)
}

fn check_blend(query: &BlendQuery<'_>) -> Result<()> {
    check_k("k", query.k)?;
    let w = query.weights;
    if [w.similarity, w.recency, w.importance]
        .iter()
        .any(|v| !v.is_finite() || *v < 0.0)
    {
        return Err(Error::invalid(
            "weights",
            "each weight must be a finite number, at least 0",
        ));
    }
    if query.half_life < TimeDelta::milliseconds(1) {
        return Err(Error::invalid(
            "half_life",
            "must be at least one millisecond",
        ));
    }
    Ok(())
}

impl MemoryEntries {
    /// The client's top-`k` live memories by blended score, best first (ties by id), each with its parts.
    ///
    /// Candidates (unless `exact`) are the union of the [`candidate_count`] nearest by signature, the most
    /// recent and the most important of the client's live embedded entries, so an entry that ranks high on
    /// any one component is scored; all are then scored exactly in Rust. One statement.
    pub async fn recall_blended<'e>(
        exec: impl PgExecutor<'e>,
        query: &BlendQuery<'_>,
    ) -> Result<Vec<Blended>> {
        let probe = Probe::new(query.embedding)?;
        check_blend(query)?;
        let base = recallable_memories(query.client_id, query.memory_types.as_deref())?;
        let mut stmt = select::<Self>().cond_where(base.clone()).to_owned();
        if !query.exact {
            let limit = candidate_count(query.k);
            let ids = |order: Expr, direction: Order| {
                Query::select()
                    .column("id")
                    .from(("agent", "memory_entries"))
                    .cond_where(base.clone())
                    .order_by_expr(order, direction)
                    .order_by("id", Order::Asc)
                    .limit(limit)
                    .to_owned()
            };
            stmt.cond_where(
                Condition::any()
                    .add(Expr::col("id").in_subquery(ids(hamming_to(&probe.signature), Order::Asc)))
                    .add(Expr::col("id").in_subquery(ids(Expr::col("created_at"), Order::Desc)))
                    .add(Expr::col("id").in_subquery(ids(Expr::col("importance"), Order::Desc))),
            );
        }
        let rows: Vec<MemoryEntry> = crud::fetch_all(exec, &stmt).await?;
        let w = query.weights;
        let mut scored: Vec<Blended> = rows
            .into_iter()
            .filter_map(|entry| {
                let similarity = probe.cosine(entry.embedding.as_ref()?);
                let recency = recency(query.now - entry.created_at, query.half_life);
                let importance = entry.importance;
                Some(Blended {
                    score: w.similarity * similarity
                        + w.recency * recency
                        + w.importance * importance,
                    entry,
                    similarity,
                    recency,
                    importance,
                })
            })
            .collect();
        scored.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.entry.id.0.cmp(&b.entry.id.0))
        });
        scored.truncate(query.k as usize);
        Ok(scored)
    }
}
