//! A client's whole context for the agent, read in one statement: one round trip, one snapshot.

use agent_model::{
    ClientProfile, Embedding, EmbeddingSignature, Episode, MemoryEntry, MemoryFact, MemoryType,
    WorkingState,
};
use sea_query::{Asterisk, Expr, JoinType, Query, SelectStatement, Value};
use serde_json::Value as Json;
use sqlx::postgres::PgRow;
use sqlx::{FromRow, PgExecutor, Row};

use super::memory_entry::MemoryEntries;
use super::recall::{
    MAX_RECALL_K, Probe, Recalled, candidate_count, nearest_by_signature, rank, recallable_memories,
};
use crate::crud::{self, field, select};
use crate::page::MAX_PAGE_SIZE;
use crate::{Error, Result};

/// What to put in a client's context.
#[derive(Debug, Clone)]
pub struct ContextQuery<'a> {
    /// The current query's embedding; without one, no memories are recalled.
    pub embedding: Option<&'a Embedding>,
    /// How many memories to recall by similarity, 0 to [`MAX_RECALL_K`].
    pub k_memories: u32,
    /// How many of the most recent episodes, 0 to [`MAX_PAGE_SIZE`].
    pub k_episodes: u32,
    /// Only these kinds of memory (`None`: all).
    pub memory_types: Option<Vec<MemoryType>>,
}

impl<'a> ContextQuery<'a> {
    /// Ten memories near `embedding` (none without one) and the five latest episodes.
    pub fn new(embedding: Option<&'a Embedding>) -> Self {
        ContextQuery {
            embedding,
            k_memories: 10,
            k_episodes: 5,
            memory_types: None,
        }
    }
}

/// Everything the agent knows about one client, as of one snapshot.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClientContext {
    /// The client's profile, if it has one.
    pub profile: Option<ClientProfile>,
    /// All the client's facts, by key.
    pub facts: Vec<MemoryFact>,
    /// All the client's working state, by key.
    pub working_state: Vec<WorkingState>,
    /// The live memories nearest the query embedding, best first (as [`MemoryEntries::recall_similar`]
    /// through the signature prefilter).
    pub memories: Vec<Recalled>,
    /// The most recent episodes, newest first.
    pub recent_episodes: Vec<Episode>,
}

/// The hand-written SQL of the context statement, one fragment per `-- part: <name>` section.
const CONTEXT_SQL: &str = include_str!("context.sql");

/// The fragment of [`CONTEXT_SQL`] under `-- part: <name>`, up to the next part, trimmed.
fn part(name: &str) -> &'static str {
    let header = format!("-- part: {name}\n");
    let start = CONTEXT_SQL
        .find(&header)
        .map(|i| i + header.len())
        .expect("context.sql has every part context_for names");
    let rest = &CONTEXT_SQL[start..];
    rest[..rest.find("-- part: ").unwrap_or(rest.len())].trim()
}

/// One row of the context statement: the JSON parts (first row only) and perhaps a memory candidate.
struct ContextRow {
    parts: Option<[Option<Json>; 4]>,
    entry: Option<MemoryEntry>,
}

impl<'r> FromRow<'r, PgRow> for ContextRow {
    fn from_row(row: &'r PgRow) -> sqlx::Result<Self> {
        let rn: Option<i64> = row.try_get("ctx_rn")?;
        let facts: Option<Json> = row.try_get("ctx_facts")?;
        let parts = match facts {
            Some(facts) => Some([
                row.try_get("ctx_profile")?,
                Some(facts),
                row.try_get("ctx_state")?,
                row.try_get("ctx_episodes")?,
            ]),
            None => None,
        };
        let entry = match rn {
            Some(_) => Some(MemoryEntry::from_row(row)?),
            None => None,
        };
        Ok(ContextRow { parts, entry })
    }
}

fn decode_error(what: &str, reason: impl std::fmt::Display) -> Error {
    Error::Database(sqlx::Error::Decode(
        format!("context {what}: {reason}").into(),
    ))
}

/// Replaces a float sent as text by the number it spells.
fn float_from_text(obj: &mut serde_json::Map<String, Json>, key: &str) -> Result<()> {
    if let Some(Json::String(text)) = obj.get(key) {
        let value: f64 = text.parse().map_err(|e| decode_error(key, e))?;
        obj.insert(key.to_owned(), Json::from(value));
    }
    Ok(())
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    text.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => Some(digit(*hi)? << 4 | digit(*lo)?),
            _ => None,
        })
        .collect()
}

fn decode_fact(value: Json) -> Result<MemoryFact> {
    let Json::Object(mut obj) = value else {
        return Err(decode_error("fact", "not an object"));
    };
    float_from_text(&mut obj, "confidence_score")?;
    serde_json::from_value(Json::Object(obj)).map_err(|e| decode_error("fact", e))
}

fn decode_episode(value: Json) -> Result<Episode> {
    let Json::Object(mut obj) = value else {
        return Err(decode_error("episode", "not an object"));
    };
    float_from_text(&mut obj, "importance")?;
    let embedding = match obj.remove("embedding_hex") {
        Some(Json::String(hex)) => {
            let bytes = from_hex(&hex).ok_or_else(|| decode_error("episode", "bad hex"))?;
            Some(Embedding::from_bytes(&bytes).map_err(|e| decode_error("episode", e))?)
        }
        _ => None,
    };
    let signature = match obj.remove("embedding_sig_bits") {
        Some(Json::String(bits)) => Some(
            EmbeddingSignature::from_bit_string(&bits).map_err(|e| decode_error("episode", e))?,
        ),
        _ => None,
    };
    obj.insert("embedding".into(), Json::Null);
    obj.insert("embedding_sig".into(), Json::Null);
    let mut episode: Episode =
        serde_json::from_value(Json::Object(obj)).map_err(|e| decode_error("episode", e))?;
    episode.embedding = embedding;
    episode.embedding_sig = signature;
    Ok(episode)
}

fn decode_list<T>(value: Option<Json>, item: impl Fn(Json) -> Result<T>) -> Result<Vec<T>> {
    match value {
        Some(Json::Array(items)) => items.into_iter().map(item).collect(),
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(_) => Err(decode_error("list", "not an array")),
    }
}

/// The client's context in one statement: profile, facts, working state, the `k_memories` live memories
/// nearest the query embedding, and the `k_episodes` latest episodes.
///
/// Memories are chosen like [`MemoryEntries::recall_similar`] without `exact`: the signature prefilter
/// then the exact cosine re-rank (the pgvector column, if any, is not used here).
///
/// The statement returns the memory candidates as ordinary rows (binary, decoded like any read) and, on
/// the first row only, the other parts as JSON aggregates. A single statement sees a single snapshot in
/// every isolation level, so the parts are consistent with each other without a transaction, and it
/// needs one connection for one round trip.
pub async fn context_for<'e>(
    exec: impl PgExecutor<'e>,
    client_id: &str,
    query: &ContextQuery<'_>,
) -> Result<ClientContext> {
    field("client_id", client_id)?;
    let probe = query.embedding.map(Probe::new).transpose()?;
    if query.k_memories > MAX_RECALL_K {
        return Err(Error::invalid(
            "k_memories",
            format!("must be 0 to {MAX_RECALL_K}"),
        ));
    }
    if query.k_episodes > MAX_PAGE_SIZE {
        return Err(Error::invalid(
            "k_episodes",
            format!("must be 0 to {MAX_PAGE_SIZE}"),
        ));
    }
    let stmt = context_statement(client_id, query, probe.as_ref())?;
    let rows: Vec<ContextRow> = crud::fetch_all(exec, &stmt).await?;

    let mut json_parts = None;
    let mut entries = Vec::new();
    for row in rows {
        if let Some(parts) = row.parts {
            json_parts = Some(parts);
        }
        entries.extend(row.entry);
    }
    let [profile, facts, state, episodes] =
        json_parts.ok_or_else(|| decode_error("row", "missing"))?;
    let profile = match profile {
        Some(Json::Null) | None => None,
        Some(value) => Some(serde_json::from_value(value).map_err(|e| decode_error("profile", e))?),
    };
    let memories = match &probe {
        Some(probe) => rank(probe, entries, query.k_memories as usize),
        None => Vec::new(),
    };
    Ok(ClientContext {
        profile,
        facts: decode_list(facts, decode_fact)?,
        working_state: decode_list(state, |v| {
            serde_json::from_value(v).map_err(|e| decode_error("working state", e))
        })?,
        memories,
        recent_episodes: decode_list(episodes, decode_episode)?,
    })
}

/// The one statement of [`context_for`]: the JSON parts of `context.sql` on the first row, beside the
/// memory candidates of the signature prefilter (none without a probe or with `k_memories` 0).
fn context_statement(
    client_id: &str,
    query: &ContextQuery<'_>,
    probe: Option<&Probe>,
) -> Result<SelectStatement> {
    let client = || Value::from(client_id.to_owned());
    let parts = Query::select()
        .expr_as(
            Expr::cust_with_values(part("profile"), [client()]),
            "profile",
        )
        .expr_as(Expr::cust_with_values(part("facts"), [client()]), "facts")
        .expr_as(Expr::cust_with_values(part("state"), [client()]), "state")
        .expr_as(
            Expr::cust_with_values(
                part("episodes"),
                [client(), Value::from(i64::from(query.k_episodes))],
            ),
            "episodes",
        )
        .to_owned();
    let mut candidates = select::<MemoryEntries>()
        .cond_where(recallable_memories(
            client_id,
            query.memory_types.as_deref(),
        )?)
        .to_owned();
    match probe {
        Some(probe) if query.k_memories > 0 => {
            nearest_by_signature(&mut candidates, probe, candidate_count(query.k_memories));
        }
        _ => {
            candidates.and_where(Expr::cust("false"));
        }
    }
    let numbered = Query::select()
        .expr_as(Expr::cust("row_number() OVER ()"), "ctx_rn")
        .column(("c", Asterisk))
        .from_subquery(candidates, "c")
        .to_owned();
    // The JSON parts go on one row only; the other candidate rows carry NULLs.
    Ok(Query::select()
        .expr(Expr::cust(part("columns")))
        .from_subquery(parts, "ctx")
        .join_lateral(JoinType::LeftJoin, numbered, "m", Expr::cust("true"))
        .to_owned())
}

#[cfg(test)]
mod tests {
    use agent_model::EMBEDDING_DIM;
    use sea_query::PostgresQueryBuilder;

    use super::*;
    use crate::snapshot::{assert_snapshot, render};

    /// The context statement with memories recalled near an embedding (of two kinds), and without an
    /// embedding (no candidates).
    #[test]
    fn snapshot_context_statement() {
        let embedding =
            Embedding::new((0..EMBEDDING_DIM).map(|i| (i % 7) as f32 - 3.0).collect()).unwrap();
        let probe = Probe::new(&embedding).unwrap();
        let query = ContextQuery {
            memory_types: Some(vec![MemoryType::Semantic, MemoryType::Episodic]),
            ..ContextQuery::new(Some(&embedding))
        };
        let (sql, values) = context_statement("acme", &query, Some(&probe))
            .unwrap()
            .build(PostgresQueryBuilder);
        assert_snapshot("context_for", &render(&sql, &values));

        let (sql, values) = context_statement("acme", &ContextQuery::new(None), None)
            .unwrap()
            .build(PostgresQueryBuilder);
        assert_snapshot("context_for_without_embedding", &render(&sql, &values));
    }

    /// Every part `context_statement` names is in `context.sql`.
    #[test]
    fn context_sql_has_every_part() {
        for name in ["profile", "facts", "state", "episodes", "columns"] {
            assert!(!part(name).is_empty(), "{name}");
            assert!(!part(name).contains("-- part:"), "{name}");
        }
    }
}
