//! `agent.memory_entries`: a client's remembered content, with idempotent remembering and a TTL that expires.

use std::collections::HashMap;

use agent_model::{
    MemoryEntry, MemoryEntryId, MemoryEntryInsertForm, MemoryEntryUpdateForm, MemoryType,
};
use chrono::{DateTime, Utc};
use sea_query::{
    ArrayType, Asterisk, CommonTableExpression, Condition, Expr, ExprTrait, LockBehavior, LockType,
    OnConflict, Query, UnionType, Value, WithQuery,
};
use sha2::{Digest, Sha256};
use sqlx::{Acquire, PgConnection, PgExecutor};

use crate::crud::{self, MAX_BIND_PARAMS, Table, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{sort_keys, table_impl};
use crate::schema::agent::MemoryEntries as Col;
use crate::{Error, Page, PageRequest, Result, SortOrder};

/// Repository of `agent.memory_entries`; its reads never return an expired entry.
///
/// An entry is *live* while `expires_at` is NULL or in the future (the database clock, `now()`). Every
/// read — [`MemoryEntries::get`], [`MemoryEntries::list`], recall, blended recall and
/// [`context_for`](crate::agent::context_for) — returns live entries only, and no read changes an expired
/// one; `update` treats an expired entry as gone. Expired rows stay until
/// [`MemoryEntries::sweep_expired`], `delete` or [`MemoryEntries::forget`] removes them. The generic
/// [`crud::get`] and [`crud::update`] do not know about expiry: use these methods.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemoryEntries;

const TABLE: (&str, &str) = ("agent", "memory_entries");

/// `expires_at IS NULL OR expires_at > now()`: the entry has not expired (unqualified column).
pub(crate) fn live() -> Expr {
    Expr::cust("(expires_at IS NULL OR expires_at > now())")
}

/// SHA-256 of the content's UTF-8 bytes: what the trigger `agent.fill_memory_entry` stores in `content_hash`.
pub fn content_hash(content: &str) -> Vec<u8> {
    Sha256::digest(content.as_bytes()).to_vec()
}

table_impl! {
    MemoryEntries for Col {
        id: MemoryEntryId,
        row: MemoryEntry,
        global_id: false,
        insert: MemoryEntryInsertForm {
            required: [client_id, content],
            optional: [memory_type, importance, embedding, ttl_minutes, expires_at, metadata],
        },
        update: MemoryEntryUpdateForm {
            client_id, content, memory_type, importance, embedding, ttl_minutes, expires_at, metadata,
        },
        derived: { embedding_sig => embedding_sig() },
        filter: MemoryFilter,
        sort: MemorySort,
    }
}

sort_keys! {
    /// What a memory list can be ordered by.
    MemorySort for Col {
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Importance, 0 to 1.
        Importance => (Importance, "double precision"),
    }
}

/// Which memories to list or forget; every field left `None` matches everything (live entries only).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemoryFilter {
    /// Only this client's entries.
    pub client_id: Option<String>,
    /// Only these kinds.
    pub memory_types: Option<Vec<MemoryType>>,
    /// Importance at least this.
    pub importance_min: Option<f64>,
    /// Importance at most this.
    pub importance_max: Option<f64>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the content.
    pub content_contains: Option<String>,
    /// With (`true`) or without (`false`) an embedding.
    pub has_embedding: Option<bool>,
    /// With (`true`) or without (`false`) an expiry.
    pub expiring: Option<bool>,
}

impl MemoryFilter {
    /// The filter's own conditions, without the liveness rule (deleting may include expired entries).
    pub(crate) fn matching(&self) -> Result<Where> {
        Ok(Where::new()
            .eq(Col::ClientId, self.client_id.as_ref())?
            .any_of(Col::MemoryType, self.memory_types.as_deref())?
            .between(
                Col::Importance,
                self.importance_min.as_ref(),
                self.importance_max.as_ref(),
            )?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::Content, self.content_contains.as_deref())?
            .is_null(Col::Embedding, self.has_embedding.map(|has| !has))
            .is_null(Col::ExpiresAt, self.expiring.map(|has| !has)))
    }
}

impl ListFilter for MemoryFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(self.matching()?.and(live()).build())
    }
}

/// What [`MemoryEntries::remember`] did: the entry as stored, and whether it was already there.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Remembered {
    /// The stored entry: the new one, or the live one that already had this content.
    pub entry: MemoryEntry,
    /// `true` when a live entry of the same client already had this content (nothing was written).
    pub duplicate: bool,
}

#[derive(sqlx::FromRow)]
struct RememberRow {
    #[sqlx(flatten)]
    entry: MemoryEntry,
    duplicate: bool,
}

// Columns an expired duplicate takes from the new form when it is remembered again (all but the key).
const REVIVED_COLUMNS: [&str; 8] = [
    "memory_type",
    "importance",
    "embedding",
    "embedding_sig",
    "ttl_minutes",
    "expires_at",
    "metadata",
    "created_at",
];

// How often one chunk is re-sent when a concurrent first write of the same content hid it from us.
const REMEMBER_ATTEMPTS: usize = 5;

impl MemoryEntries {
    /// Inserts one entry and returns it as stored (`content_hash` and `expires_at` set by the trigger).
    ///
    /// Fails with a unique violation (`memory_entries_client_id_content_hash_key`) when the client already
    /// has this content; [`MemoryEntries::remember`] is the idempotent form.
    pub async fn insert<'e>(
        exec: impl PgExecutor<'e>,
        form: &MemoryEntryInsertForm,
    ) -> Result<MemoryEntry> {
        crud::insert::<Self>(exec, form).await
    }

    /// Inserts many entries in as few statements as the bind-parameter limit allows, atomically.
    pub async fn insert_many(
        conn: &mut PgConnection,
        forms: &[MemoryEntryInsertForm],
    ) -> Result<Vec<MemoryEntry>> {
        crud::insert_many::<Self>(conn, forms).await
    }

    /// The live entry with this id; [`Error::NotFound`] when there is none or it has expired.
    pub async fn get<'e>(exec: impl PgExecutor<'e>, id: MemoryEntryId) -> Result<MemoryEntry> {
        let stmt = select::<Self>()
            .and_where(Expr::col("id").eq(id.0))
            .and_where(live())
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| not_found(id))
    }

    /// Updates the fields the form sets on a live entry and returns it; an expired entry is
    /// [`Error::NotFound`] (remember its content again instead). Changing `embedding` recomputes its signature.
    pub async fn update<'e>(
        exec: impl PgExecutor<'e>,
        id: MemoryEntryId,
        form: &MemoryEntryUpdateForm,
    ) -> Result<MemoryEntry> {
        let values = Self::update_values(form)?;
        if values.is_empty() {
            return Self::get(exec, id).await;
        }
        let stmt = Query::update()
            .table(TABLE)
            .values(values)
            .and_where(Expr::col("id").eq(id.0))
            .and_where(live())
            .returning_all()
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| not_found(id))
    }

    /// Deletes the entry with this id, expired or not; [`Error::NotFound`] when there is none.
    pub async fn delete<'e>(exec: impl PgExecutor<'e>, id: MemoryEntryId) -> Result<()> {
        crud::delete::<Self>(exec, id).await
    }

    /// A page of live entries matching the filter, in the given order.
    pub async fn list<'e>(
        exec: impl PgExecutor<'e>,
        filter: &MemoryFilter,
        ordering: SortOrder<MemorySort>,
        page: &PageRequest,
    ) -> Result<Page<MemoryEntry>> {
        crud::list::<Self>(exec, filter, ordering, page).await
    }

    /// Remembers one piece of content idempotently, per client: see [`MemoryEntries::remember_many`].
    pub async fn remember(
        conn: &mut PgConnection,
        form: &MemoryEntryInsertForm,
    ) -> Result<Remembered> {
        let mut out = Self::remember_many(conn, std::slice::from_ref(form)).await?;
        out.pop().ok_or_else(|| not_found("remembered entry"))
    }

    /// Remembers many pieces of content, one statement per chunk, and reports each in the order given.
    ///
    /// Per `(client_id, content)`:
    /// - new content is inserted (`duplicate: false`);
    /// - content the client already has in a *live* entry returns that entry unchanged (`duplicate: true`;
    ///   the first write wins, the new form's other fields are ignored — update the entry to change them);
    /// - content whose entry has *expired* is a new memory: the expired row is overwritten in place with the
    ///   new form's fields and a fresh `created_at` (same id, `duplicate: false`), so a read never revives
    ///   an expired entry but remembering again does;
    /// - the same content twice in one call is stored once; the later copies report `duplicate: true`.
    ///
    /// A statement can miss a row that a concurrent call committed after the statement began (its
    /// snapshot hides it); such forms are sent again, which is why this takes a connection. More than one
    /// chunk runs in a transaction.
    pub async fn remember_many(
        conn: &mut PgConnection,
        forms: &[MemoryEntryInsertForm],
    ) -> Result<Vec<Remembered>> {
        let rows: Vec<Vec<(&'static str, Option<Expr>)>> = forms
            .iter()
            .map(Self::insert_values)
            .collect::<Result<_>>()?;
        let keys: Vec<(String, Vec<u8>)> = forms
            .iter()
            .map(|f| (f.client_id.clone(), content_hash(&f.content)))
            .collect();
        // The first form of each key is written; the others repeat its outcome as duplicates.
        let mut first_of: HashMap<&(String, Vec<u8>), usize> = HashMap::new();
        let mut unique = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            first_of.entry(key).or_insert_with(|| {
                unique.push(i);
                i
            });
        }
        let mut columns: Vec<&'static str> = Vec::new();
        for &i in &unique {
            for (c, v) in &rows[i] {
                if v.is_some() && !columns.contains(c) {
                    columns.push(c);
                }
            }
        }
        // Per row its values; per statement a few constants and the two key arrays (16 is plenty).
        let per_chunk = ((MAX_BIND_PARAMS - 16) / columns.len().max(1)).max(1);
        let chunks: Vec<&[usize]> = unique.chunks(per_chunk).collect();
        let mut stored: HashMap<usize, (MemoryEntry, bool)> = HashMap::new();
        if chunks.len() > 1 {
            let mut tx = conn.begin().await?;
            for chunk in &chunks {
                remember_chunk(&mut tx, &columns, &rows, &keys, chunk, &mut stored).await?;
            }
            tx.commit().await?;
        } else {
            for chunk in &chunks {
                remember_chunk(conn, &columns, &rows, &keys, chunk, &mut stored).await?;
            }
        }
        keys.iter()
            .enumerate()
            .map(|(i, key)| {
                let first = first_of[key];
                let (entry, duplicate) = stored
                    .get(&first)
                    .cloned()
                    .ok_or_else(|| not_found(format!("remembered entry {i}")))?;
                Ok(Remembered {
                    entry,
                    duplicate: duplicate || first != i,
                })
            })
            .collect()
    }

    /// Deletes every expired entry (of all clients) in batches of `batch_size`, each its own statement, and
    /// returns how many were deleted.
    ///
    /// Pass a pooled connection rather than a transaction so each batch commits and releases its locks.
    /// Rows locked by another transaction are skipped (`SKIP LOCKED`) and left for the next sweep.
    pub async fn sweep_expired(conn: &mut PgConnection, batch_size: u32) -> Result<u64> {
        if batch_size == 0 {
            return Err(Error::invalid("batch_size", "must be at least 1"));
        }
        let mut total = 0;
        loop {
            let batch = Query::select()
                .column("id")
                .from(TABLE)
                .and_where(Expr::cust("expires_at <= now()"))
                .limit(u64::from(batch_size))
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .to_owned();
            let stmt = Query::delete()
                .from_table(TABLE)
                .and_where(Expr::col("id").in_subquery(batch))
                .to_owned();
            let deleted = crud::execute(&mut *conn, &stmt).await?;
            total += deleted;
            if deleted < u64::from(batch_size) {
                return Ok(total);
            }
        }
    }

    /// Forgets one entry of this client (expired or not); [`Error::NotFound`] when the client has no such entry.
    pub async fn forget<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        id: MemoryEntryId,
    ) -> Result<()> {
        let stmt = Query::delete()
            .from_table(TABLE)
            .and_where(Expr::col("id").eq(id.0))
            .and_where(Expr::col("client_id").eq(field("client_id", client_id)?))
            .to_owned();
        match crud::execute(exec, &stmt).await? {
            0 => Err(not_found(id)),
            _ => Ok(()),
        }
    }

    /// Forgets every entry of this client matching the filter (expired ones included) and returns how many.
    ///
    /// The filter's own `client_id`, if set, narrows further: a different client matches nothing.
    pub async fn forget_matching<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        filter: &MemoryFilter,
    ) -> Result<u64> {
        let cond = filter
            .matching()?
            .eq(Col::ClientId, Some(&client_id.to_owned()))?
            .build();
        let stmt = Query::delete()
            .from_table(TABLE)
            .cond_where(cond)
            .to_owned();
        crud::execute(exec, &stmt).await
    }
}

fn not_found(id: impl std::fmt::Display) -> Error {
    Error::NotFound {
        table: MemoryEntries::QUALIFIED,
        id: id.to_string(),
    }
}

/// Sends the forms of one chunk until each has its row (see [`MemoryEntries::remember_many`]).
async fn remember_chunk(
    conn: &mut PgConnection,
    columns: &[&'static str],
    rows: &[Vec<(&'static str, Option<Expr>)>],
    keys: &[(String, Vec<u8>)],
    chunk: &[usize],
    stored: &mut HashMap<usize, (MemoryEntry, bool)>,
) -> Result<()> {
    let mut pending: Vec<usize> = chunk.to_vec();
    for _ in 0..REMEMBER_ATTEMPTS {
        let stmt = remember_statement(columns, rows, keys, &pending)?;
        let found: Vec<RememberRow> = crud::fetch_all(&mut *conn, &stmt).await?;
        let index: HashMap<(&str, &[u8]), usize> = pending
            .iter()
            .map(|&i| ((keys[i].0.as_str(), keys[i].1.as_slice()), i))
            .collect();
        for row in found {
            let key = (
                row.entry.client_id.as_str(),
                row.entry.content_hash.as_slice(),
            );
            if let Some(&i) = index.get(&key) {
                stored.insert(i, (row.entry, row.duplicate));
            }
        }
        pending.retain(|i| !stored.contains_key(i));
        if pending.is_empty() {
            return Ok(());
        }
    }
    Err(Error::NotFound {
        table: MemoryEntries::QUALIFIED,
        id: format!(
            "content of client {:?} (changed concurrently {REMEMBER_ATTEMPTS} times)",
            keys[pending[0]].0
        ),
    })
}

/// `WITH fresh AS (INSERT ... ON CONFLICT DO UPDATE ... WHERE expired RETURNING *)` then the fresh rows and
/// the live duplicates the insert left alone.
fn remember_statement(
    columns: &[&'static str],
    rows: &[Vec<(&'static str, Option<Expr>)>],
    keys: &[(String, Vec<u8>)],
    pending: &[usize],
) -> Result<WithQuery> {
    let mut insert = Query::insert();
    insert
        .into_table(TABLE)
        .columns(columns.iter().copied())
        .returning_all();
    for &i in pending {
        let values = columns.iter().map(|c| {
            rows[i]
                .iter()
                .find(|(rc, _)| rc == c)
                .and_then(|(_, v)| v.clone())
                .unwrap_or_else(|| Expr::cust("DEFAULT"))
        });
        insert
            .values(values)
            .map_err(|e| Error::invalid(MemoryEntries::QUALIFIED, e.to_string()))?;
    }
    // Only an expired duplicate is overwritten; a live one is left as it is and read back below.
    insert.on_conflict(
        OnConflict::columns(["client_id", "content_hash"])
            .update_columns(REVIVED_COLUMNS)
            .action_and_where(Expr::cust(
                "memory_entries.expires_at IS NOT NULL AND memory_entries.expires_at <= now()",
            ))
            .to_owned(),
    );
    let cte = CommonTableExpression::new()
        .table_name("fresh")
        .query(insert)
        .to_owned();
    let in_fresh = Query::select()
        .expr(Expr::val(1))
        .from("fresh")
        .and_where(Expr::cust(
            "fresh.client_id = m.client_id AND fresh.content_hash = m.content_hash",
        ))
        .to_owned();
    let existing = Query::select()
        .column(("m", Asterisk))
        .expr_as(Expr::val(true), "duplicate")
        .from_as(TABLE, "m")
        // The keys travel as two arrays: a row-constructor IN list of thousands of pairs would
        // exhaust the server's stack.
        .and_where(Expr::cust_with_values(
            "(m.client_id, m.content_hash) IN \
             (SELECT * FROM unnest(CAST($1 AS text[]), CAST($2 AS bytea[])))",
            [
                Value::Array(
                    ArrayType::String,
                    Some(Box::new(
                        pending
                            .iter()
                            .map(|&i| Value::from(keys[i].0.clone()))
                            .collect(),
                    )),
                ),
                Value::Array(
                    ArrayType::Bytes,
                    Some(Box::new(
                        pending
                            .iter()
                            .map(|&i| Value::from(keys[i].1.clone()))
                            .collect(),
                    )),
                ),
            ],
        ))
        .and_where(live())
        .and_where(Expr::exists(in_fresh).not())
        .to_owned();
    let query = Query::select()
        .column(Asterisk)
        .expr_as(Expr::val(false), "duplicate")
        .from("fresh")
        .union(UnionType::All, existing)
        .to_owned();
    Ok(WithQuery::new().cte(cte).query(query).to_owned())
}
