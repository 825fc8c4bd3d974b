//! `agent.reflections`: a daily, weekly, session or retrospective reflection.

use crate::{ReflectionId, ReflectionMode, ReflectionScope, SessionId, SubjectType};
use chrono::{DateTime, NaiveDate, Utc};
use erp_model::PersonId;

/// A row of `agent.reflections`: a daily, weekly, session or retrospective reflection.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Reflection {
    /// Database id.
    pub id: ReflectionId,
    /// The session it was written in.
    pub session_id: Option<SessionId>,
    /// The day reflected on (default today).
    pub reflection_date: NaiveDate,
    /// Cadence (default `daily`).
    pub mode: ReflectionMode,
    /// The person it is for.
    pub client_person_id: Option<PersonId>,
    /// What it covers.
    pub scope: Option<ReflectionScope>,
    /// Kind of thing it focuses on.
    pub focal_entity_type: Option<SubjectType>,
    /// Id of the thing it focuses on.
    pub focal_entity_id: Option<String>,
    /// Goals of the period.
    pub goals: Option<String>,
    /// What got done.
    pub accomplishments: Option<String>,
    /// What stood in the way.
    pub blockers: Option<String>,
    /// Decisions taken.
    pub decisions: Option<String>,
    /// Numbers of the period (JSON, default `{}`).
    pub metrics: serde_json::Value,
    /// What to do next.
    pub next_actions: Option<String>,
    /// The reflection as written.
    pub raw_text: Option<String>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// The client the reflection is about; `None` = shared (no one client's). Row-level security shows a client's rows only to a connection acting for it.
    pub client_id: Option<String>,
}

/// A new row of `agent.reflections`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ReflectionInsertForm {
    /// The session it was written in.
    pub session_id: Option<SessionId>,
    /// The day reflected on (default today).
    pub reflection_date: Option<NaiveDate>,
    /// Cadence (default `daily`).
    pub mode: Option<ReflectionMode>,
    /// The person it is for.
    pub client_person_id: Option<PersonId>,
    /// What it covers.
    pub scope: Option<ReflectionScope>,
    /// Kind of thing it focuses on.
    pub focal_entity_type: Option<SubjectType>,
    /// Id of the thing it focuses on.
    pub focal_entity_id: Option<String>,
    /// Goals of the period.
    pub goals: Option<String>,
    /// What got done.
    pub accomplishments: Option<String>,
    /// What stood in the way.
    pub blockers: Option<String>,
    /// Decisions taken.
    pub decisions: Option<String>,
    /// Numbers of the period (JSON, default `{}`).
    pub metrics: Option<serde_json::Value>,
    /// What to do next.
    pub next_actions: Option<String>,
    /// The reflection as written.
    pub raw_text: Option<String>,
    /// The client whose data it is, or `None` (the default) for a shared row; a connection acting for a
    /// client writes only that client's rows and shared ones.
    pub client_id: Option<String>,
}

impl ReflectionInsertForm {
    /// A form with every column left to the database (none is required).
    pub fn new() -> Self {
        Self::default()
    }
}

/// A change to a row of `agent.reflections`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ReflectionUpdateForm {
    /// The session it was written in.
    #[serde(with = "::serde_with::rust::double_option")]
    pub session_id: Option<Option<SessionId>>,
    /// The day reflected on (default today).
    pub reflection_date: Option<NaiveDate>,
    /// Cadence (default `daily`).
    pub mode: Option<ReflectionMode>,
    /// The person it is for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_person_id: Option<Option<PersonId>>,
    /// What it covers.
    #[serde(with = "::serde_with::rust::double_option")]
    pub scope: Option<Option<ReflectionScope>>,
    /// Kind of thing it focuses on.
    #[serde(with = "::serde_with::rust::double_option")]
    pub focal_entity_type: Option<Option<SubjectType>>,
    /// Id of the thing it focuses on.
    #[serde(with = "::serde_with::rust::double_option")]
    pub focal_entity_id: Option<Option<String>>,
    /// Goals of the period.
    #[serde(with = "::serde_with::rust::double_option")]
    pub goals: Option<Option<String>>,
    /// What got done.
    #[serde(with = "::serde_with::rust::double_option")]
    pub accomplishments: Option<Option<String>>,
    /// What stood in the way.
    #[serde(with = "::serde_with::rust::double_option")]
    pub blockers: Option<Option<String>>,
    /// Decisions taken.
    #[serde(with = "::serde_with::rust::double_option")]
    pub decisions: Option<Option<String>>,
    /// Numbers of the period (JSON, default `{}`).
    pub metrics: Option<serde_json::Value>,
    /// What to do next.
    #[serde(with = "::serde_with::rust::double_option")]
    pub next_actions: Option<Option<String>>,
    /// The reflection as written.
    #[serde(with = "::serde_with::rust::double_option")]
    pub raw_text: Option<Option<String>>,
    /// Moves the row to this client, or `Some(None)` to share it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_id: Option<Option<String>>,
}

impl ReflectionUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
