//! `agent.episodes`: summarised stretches of interaction with a client, optionally embedded for recall.

use agent_model::{Episode, EpisodeId, EpisodeInsertForm, EpisodeUpdateForm, SessionId};
use chrono::{DateTime, Utc};
use sea_query::{Condition, Expr, ExprTrait, Order};
use sqlx::{PgConnection, PgExecutor};

use crate::crud::{self, Table, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::sort_keys;
use crate::page::MAX_PAGE_SIZE;
use crate::{Error, Ordering, Page, PageRequest, Result};

/// Repository of `agent.episodes`; `embedding_sig` is always computed from `embedding` on insert and update.
#[derive(Debug, Clone, Copy, Default)]
pub struct Episodes;

impl Table for Episodes {
    const SCHEMA: &'static str = "agent";
    const NAME: &'static str = "episodes";
    const QUALIFIED: &'static str = "agent.episodes";
    const HAS_GLOBAL_ID: bool = false;
    type Id = EpisodeId;
    type Row = Episode;
    type Insert = EpisodeInsertForm;
    type Update = EpisodeUpdateForm;
    type Filter = EpisodeFilter;
    type Sort = EpisodeSort;

    fn insert_values(form: &Self::Insert) -> Result<Vec<(&'static str, Option<Expr>)>> {
        fn opt<V: crate::value::SqlValue>(c: &'static str, v: &Option<V>) -> Result<Option<Expr>> {
            v.as_ref().map(|v| field(c, v)).transpose()
        }
        Ok(vec![
            ("client_id", Some(field("client_id", &form.client_id)?)),
            ("session_id", opt("session_id", &form.session_id)?),
            ("summary", Some(field("summary", &form.summary)?)),
            ("importance", opt("importance", &form.importance)?),
            ("embedding", opt("embedding", &form.embedding)?),
            // Derived, never caller-set: the signature always matches the embedding.
            (
                "embedding_sig",
                opt("embedding_sig", &form.embedding_sig())?,
            ),
            ("metadata", opt("metadata", &form.metadata)?),
        ])
    }

    fn update_values(form: &Self::Update) -> Result<Vec<(&'static str, Expr)>> {
        let mut out = Vec::new();
        macro_rules! set {
            ($($col:ident),*) => {$(
                if let Some(v) = &form.$col {
                    out.push((stringify!($col), field(stringify!($col), v)?));
                }
            )*};
        }
        set!(
            client_id, session_id, summary, importance, embedding, metadata
        );
        if let Some(sig) = form.embedding_sig() {
            out.push(("embedding_sig", field("embedding_sig", &sig)?));
        }
        Ok(out)
    }

    fn filter_condition(filter: &Self::Filter) -> Result<Condition> {
        filter.condition()
    }
}

sort_keys! {
    /// What an episode list can be ordered by.
    EpisodeSort {
        /// Creation time.
        CreatedAt => ("created_at", "timestamptz"),
        /// Importance, 0 to 1.
        Importance => ("importance", "double precision"),
    }
}

/// Which episodes to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EpisodeFilter {
    /// Only this client's episodes.
    pub client_id: Option<String>,
    /// Only episodes of this session.
    pub session_id: Option<SessionId>,
    /// Importance at least this.
    pub importance_min: Option<f64>,
    /// Importance at most this.
    pub importance_max: Option<f64>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the summary.
    pub summary_contains: Option<String>,
    /// With (`true`) or without (`false`) an embedding.
    pub has_embedding: Option<bool>,
}

impl ListFilter for EpisodeFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq("client_id", self.client_id.as_ref())?
            .eq("session_id", self.session_id.as_ref())?
            .between(
                "importance",
                self.importance_min.as_ref(),
                self.importance_max.as_ref(),
            )?
            .between(
                "created_at",
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search("summary", self.summary_contains.as_deref())?
            .is_null("embedding", self.has_embedding.map(|has| !has))
            .build())
    }
}

impl Episodes {
    /// Inserts one episode (with the signature of its embedding) and returns it as stored.
    pub async fn insert<'e>(
        exec: impl PgExecutor<'e>,
        form: &EpisodeInsertForm,
    ) -> Result<Episode> {
        crud::insert::<Self>(exec, form).await
    }

    /// Inserts many episodes in as few statements as the bind-parameter limit allows, atomically.
    pub async fn insert_many(
        conn: &mut PgConnection,
        forms: &[EpisodeInsertForm],
    ) -> Result<Vec<Episode>> {
        crud::insert_many::<Self>(conn, forms).await
    }

    /// The episode with this id, or [`Error::NotFound`].
    pub async fn get<'e>(exec: impl PgExecutor<'e>, id: EpisodeId) -> Result<Episode> {
        crud::get::<Self>(exec, id).await
    }

    /// Updates the fields the form sets and returns the episode; changing `embedding` recomputes its signature.
    pub async fn update<'e>(
        exec: impl PgExecutor<'e>,
        id: EpisodeId,
        form: &EpisodeUpdateForm,
    ) -> Result<Episode> {
        crud::update::<Self>(exec, id, form).await
    }

    /// Deletes the episode with this id, or fails with [`Error::NotFound`].
    pub async fn delete<'e>(exec: impl PgExecutor<'e>, id: EpisodeId) -> Result<()> {
        crud::delete::<Self>(exec, id).await
    }

    /// A page of episodes matching the filter, in the given order.
    pub async fn list<'e>(
        exec: impl PgExecutor<'e>,
        filter: &EpisodeFilter,
        ordering: Ordering<EpisodeSort>,
        page: &PageRequest,
    ) -> Result<Page<Episode>> {
        crud::list::<Self>(exec, filter, ordering, page).await
    }

    /// The client's `limit` most recent episodes, newest first.
    pub async fn recent<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        limit: u32,
    ) -> Result<Vec<Episode>> {
        if limit == 0 || limit > MAX_PAGE_SIZE {
            return Err(Error::invalid(
                "limit",
                format!("must be 1 to {MAX_PAGE_SIZE}, got {limit}"),
            ));
        }
        let stmt = select::<Self>()
            .and_where(Expr::col("client_id").eq(field("client_id", client_id)?))
            .order_by("created_at", Order::Desc)
            .order_by("id", Order::Desc)
            .limit(u64::from(limit))
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
