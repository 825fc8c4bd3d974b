//! `agent.episodes`: summarised stretches of interaction with a client, optionally embedded for recall.

use agent_model::{Episode, EpisodeId, EpisodeInsertForm, EpisodeUpdateForm, SessionId};
use chrono::{DateTime, Utc};
use sea_query::{Condition, Expr, ExprTrait, Order};
use sqlx::PgExecutor;

use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::page::MAX_PAGE_SIZE;
use crate::schema::agent::Episodes as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.episodes`; `embedding_sig` is always computed from `embedding` on insert and update.
    Episodes for Col {
        id: EpisodeId,
        row: Episode,
        global_id: false,
        insert: EpisodeInsertForm {
            required: [client_id, summary],
            optional: [session_id, importance, embedding, metadata],
        },
        update: EpisodeUpdateForm { client_id, session_id, summary, importance, embedding, metadata },
        derived: { embedding_sig => embedding_sig() },
        filter: EpisodeFilter,
        sort: EpisodeSort,
    }
}

sort_keys! {
    /// What an episode list can be ordered by.
    EpisodeSort for Col {
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Importance, 0 to 1.
        Importance => (Importance, "double precision"),
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
            .eq(Col::ClientId, self.client_id.as_ref())?
            .eq(Col::SessionId, self.session_id.as_ref())?
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
            .search(Col::Summary, self.summary_contains.as_deref())?
            .is_null(Col::Embedding, self.has_embedding.map(|has| !has))
            .build())
    }
}

impl Episodes {
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
