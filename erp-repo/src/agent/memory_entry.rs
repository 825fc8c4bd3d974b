//! `agent.memory_entries`: a client's remembered content, with idempotent remembering and a TTL that expires.
//!
//! This file holds the repository's CRUD with the expiry rule and the filter; the idempotent remember
//! statement ([`MemoryEntries::remember`], [`MemoryEntries::remember_many`]) is in
//! `memory_entry/remember.rs`.

mod remember;

pub use remember::Remembered;

use agent_model::{
    MemoryEntry, MemoryEntryId, MemoryEntryInsertForm, MemoryEntryUpdateForm, MemoryType,
};
use chrono::{DateTime, Utc};
use sea_query::{Condition, Expr, ExprTrait, Query};
use sha2::{Digest, Sha256};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use crate::crud::{self, Table, field, select};
use crate::filter::{ListFilter, Where};
use crate::isolation::client_scope;
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
/// CRUD does not know about expiry: use these methods (`MemoryEntries` is not a [`Repository`](crate::Repository) for that reason).
#[derive(Debug, Clone, Copy, Default)]
pub struct MemoryEntries;

impl MemoryEntries {
    /// The schema-qualified table, `agent.memory_entries`.
    pub const TABLE: &'static str = <Col as crate::schema::Table>::QUALIFIED;
}

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
    pub fn insert_many<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        forms: &[MemoryEntryInsertForm],
    ) -> impl Future<Output = Result<Vec<MemoryEntry>>> + Send {
        crate::crud::traced_op(Self::TABLE, "insert_many", async move {
            let mut held = db.acquire().await?;
            Self::insert_many_on(&mut held, forms).await
        })
    }

    async fn insert_many_on(
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
            .returning(crud::returning::<Self>())
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

    /// Deletes every expired entry (of all clients) in batches of `batch_size`, each its own statement, and
    /// returns how many were deleted.
    ///
    /// Pass a pooled connection rather than a transaction so each batch commits and releases its locks.
    /// Rows locked by another transaction are skipped (`SKIP LOCKED`) and left for the next sweep.
    pub fn sweep_expired<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        batch_size: u32,
    ) -> impl Future<Output = Result<u64>> + Send {
        crate::crud::traced_op(Self::TABLE, "sweep_expired", async move {
            let mut held = db.acquire().await?;
            Self::sweep_expired_on(&mut held, batch_size).await
        })
    }

    async fn sweep_expired_on(conn: &mut PgConnection, batch_size: u32) -> Result<u64> {
        if batch_size == 0 {
            return Err(Error::invalid("batch_size", "must be at least 1"));
        }
        // Through the SECURITY DEFINER agent.sweep_expired_memories(batch) of migration 0010: under
        // memory-gateway's role, row-level security hides every client's rows from a connection acting
        // for none, and a plain DELETE removed nothing and said 0.
        let batch = i32::try_from(batch_size)
            .map_err(|_| Error::invalid("batch_size", "must be at most 2147483647"))?;
        let mut total = 0;
        loop {
            let deleted: i64 = sqlx::query_scalar("SELECT agent.sweep_expired_memories($1)")
                .bind(batch)
                .persistent(crate::pooler::named_statements())
                .fetch_one(&mut *conn)
                .await?;
            let deleted = deleted.unsigned_abs();
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
            .and_where(client_scope(Self::TABLE, client_id))
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
            .and(client_scope(Self::TABLE, client_id))
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
