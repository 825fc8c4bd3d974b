//! `agent.sessions`: one agent session: a chat, a planning or execution run, a reflection or a sync.

use crate::{ContextRecipeId, ProfileId, SessionId, SessionStatus, SessionType, SubjectType};
use chrono::{DateTime, Utc};
use erp_model::PersonId;
use uuid::Uuid;

/// A row of `agent.sessions`: one agent session: a chat, a planning or execution run, a reflection or a sync.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Session {
    /// Database id.
    pub id: SessionId,
    /// Stable id across systems, set by the database.
    pub global_id: Uuid,
    /// The agent profile that ran it.
    pub profile_id: Option<ProfileId>,
    /// Kind of session (default `chat`).
    pub session_type: SessionType,
    /// The person the session was for.
    pub client_person_id: Option<PersonId>,
    /// Kind of thing the session is about.
    pub subject_type: Option<SubjectType>,
    /// Id of the thing the session is about (text: erp ids, client ids ...).
    pub subject_id: Option<String>,
    /// Lifecycle (default `active`).
    pub status: SessionStatus,
    /// When it started (default now).
    pub started_at: DateTime<Utc>,
    /// When it ended (not before `started_at`).
    pub ended_at: Option<DateTime<Utc>>,
    /// Tracing id linking it to logs.
    pub trace_id: Option<String>,
    /// The context recipe used to build its context.
    pub context_recipe_id: Option<ContextRecipeId>,
    /// The harness configuration actually applied (JSON, default `{}`).
    pub applied_harness_config: serde_json::Value,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
    /// The client whose session this is; `None` = shared (no one client's). Row-level security shows a client's rows only to a connection acting for it.
    pub client_id: Option<String>,
}

/// A new row of `agent.sessions`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct SessionInsertForm {
    /// The agent profile that ran it.
    pub profile_id: Option<ProfileId>,
    /// Kind of session (default `chat`).
    pub session_type: Option<SessionType>,
    /// The person the session was for.
    pub client_person_id: Option<PersonId>,
    /// Kind of thing the session is about.
    pub subject_type: Option<SubjectType>,
    /// Id of the thing the session is about (text: erp ids, client ids ...).
    pub subject_id: Option<String>,
    /// Lifecycle (default `active`).
    pub status: Option<SessionStatus>,
    /// When it started (default now).
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended (not before `started_at`).
    pub ended_at: Option<DateTime<Utc>>,
    /// Tracing id linking it to logs.
    pub trace_id: Option<String>,
    /// The context recipe used to build its context.
    pub context_recipe_id: Option<ContextRecipeId>,
    /// The harness configuration actually applied (JSON, default `{}`).
    pub applied_harness_config: Option<serde_json::Value>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
    /// The client whose data it is, or `None` (the default) for a shared row; a connection acting for a
    /// client writes only that client's rows and shared ones.
    pub client_id: Option<String>,
}

impl SessionInsertForm {
    /// A form with every column left to the database (none is required).
    pub fn new() -> Self {
        Self::default()
    }
}

/// A change to a row of `agent.sessions`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SessionUpdateForm {
    /// The agent profile that ran it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub profile_id: Option<Option<ProfileId>>,
    /// Kind of session (default `chat`).
    pub session_type: Option<SessionType>,
    /// The person the session was for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_person_id: Option<Option<PersonId>>,
    /// Kind of thing the session is about.
    #[serde(with = "::serde_with::rust::double_option")]
    pub subject_type: Option<Option<SubjectType>>,
    /// Id of the thing the session is about (text: erp ids, client ids ...).
    #[serde(with = "::serde_with::rust::double_option")]
    pub subject_id: Option<Option<String>>,
    /// Lifecycle (default `active`).
    pub status: Option<SessionStatus>,
    /// When it started (default now).
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended (not before `started_at`).
    #[serde(with = "::serde_with::rust::double_option")]
    pub ended_at: Option<Option<DateTime<Utc>>>,
    /// Tracing id linking it to logs.
    #[serde(with = "::serde_with::rust::double_option")]
    pub trace_id: Option<Option<String>>,
    /// The context recipe used to build its context.
    #[serde(with = "::serde_with::rust::double_option")]
    pub context_recipe_id: Option<Option<ContextRecipeId>>,
    /// The harness configuration actually applied (JSON, default `{}`).
    pub applied_harness_config: Option<serde_json::Value>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
    /// Moves the row to this client, or `Some(None)` to share it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_id: Option<Option<String>>,
}

impl SessionUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
