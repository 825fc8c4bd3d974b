//! `agent.sessions`: one agent session (a chat, a planning or execution run, a reflection, a sync).

use agent_model::{
    ContextRecipeId, ProfileId, Session, SessionId, SessionInsertForm, SessionStatus, SessionType,
    SessionUpdateForm, SubjectType,
};
use chrono::{DateTime, Utc};
use erp_model::PersonId;
use sea_query::{Condition, Expr, ExprTrait, Query};
use sqlx::PgExecutor;

use crate::crud::{self, field};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Sessions as Col;
use crate::{Error, Page, PageRequest, Result, SortOrder};
pub use agent_model::StartSession;

repository! {
    /// Repository of `agent.sessions`.
    Sessions for Col {
        id: SessionId,
        row: Session,
        global_id: true,
        insert: SessionInsertForm {
            required: [],
            optional: [profile_id, session_type, client_person_id, subject_type, subject_id, status,
                       started_at, ended_at, trace_id, context_recipe_id, applied_harness_config, metadata,
                       client_id],
        },
        update: SessionUpdateForm {
            profile_id, session_type, client_person_id, subject_type, subject_id, status, started_at,
            ended_at, trace_id, context_recipe_id, applied_harness_config, metadata, client_id,
        },
        filter: SessionFilter,
        sort: SessionSort,
    }
}

sort_keys! {
    /// What a session list can be ordered by.
    SessionSort for Col {
        /// Start time.
        StartedAt => (StartedAt, "timestamptz"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which sessions to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionFilter {
    /// Only sessions run by this profile.
    pub profile_id: Option<ProfileId>,
    /// Only these kinds of session.
    pub session_type: Option<Vec<SessionType>>,
    /// Only these statuses.
    pub status: Option<Vec<SessionStatus>>,
    /// Only sessions about this kind of subject.
    pub subject_type: Option<SubjectType>,
    /// Only sessions about this subject id (combine with `subject_type`).
    pub subject_id: Option<String>,
    /// Only sessions for this person.
    pub client_person_id: Option<PersonId>,
    /// Only sessions that used this context recipe.
    pub context_recipe_id: Option<ContextRecipeId>,
    /// Only sessions with this trace id.
    pub trace_id: Option<String>,
    /// Started at or after this instant.
    pub started_from: Option<DateTime<Utc>>,
    /// Started at or before this instant.
    pub started_to: Option<DateTime<Utc>>,
}

impl ListFilter for SessionFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::ProfileId, self.profile_id.as_ref())?
            .any_of(Col::SessionType, self.session_type.as_deref())?
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::SubjectType, self.subject_type.as_ref())?
            .eq(Col::SubjectId, self.subject_id.as_ref())?
            .eq(Col::ClientPersonId, self.client_person_id.as_ref())?
            .eq(Col::ContextRecipeId, self.context_recipe_id.as_ref())?
            .eq(Col::TraceId, self.trace_id.as_ref())?
            .between(
                Col::StartedAt,
                self.started_from.as_ref(),
                self.started_to.as_ref(),
            )?
            .build())
    }
}

impl Sessions {
    /// Starts an `active` session now and returns it.
    pub async fn start<'e>(exec: impl PgExecutor<'e>, start: StartSession) -> Result<Session> {
        Self::insert(exec, &start.into()).await
    }

    /// Ends a session with a final status (not `active`) at `ended_at`, or now when `None`.
    ///
    /// Ending an already ended session overwrites its status and end time; an end before the start is a
    /// [`Error::CheckViolation`] on `ended_at`.
    pub async fn end<'e>(
        exec: impl PgExecutor<'e>,
        id: SessionId,
        status: SessionStatus,
        ended_at: Option<DateTime<Utc>>,
    ) -> Result<Session> {
        if status == SessionStatus::Active {
            return Err(Error::invalid(
                "status",
                "a session ends as completed, failed or abandoned, not active",
            ));
        }
        let ended = match ended_at {
            Some(t) => field("ended_at", &t)?,
            None => Expr::cust("now()"),
        };
        let stmt = Query::update()
            .table(("agent", "sessions"))
            .values([("status", field("status", &status)?), ("ended_at", ended)])
            .and_where(Expr::col("id").eq(id.0))
            .returning_all()
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Sessions::TABLE,
                id: id.to_string(),
            })
    }

    /// A page of the sessions about one subject, most recently started first.
    pub async fn of_subject<'e>(
        exec: impl PgExecutor<'e>,
        subject_type: SubjectType,
        subject_id: &str,
        page: &PageRequest,
    ) -> Result<Page<Session>> {
        let filter = SessionFilter {
            subject_type: Some(subject_type),
            subject_id: Some(subject_id.to_owned()),
            ..Default::default()
        };
        Self::list(exec, &filter, SortOrder::desc(SessionSort::StartedAt), page).await
    }
}
