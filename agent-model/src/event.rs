//! `agent.events`: something that happened in a session: a message, tool call, decision ...

use crate::{EventId, EventSource, EventType, FactId, MemoryScope, SessionId, SubjectType};
use chrono::{DateTime, Utc};

/// A row of `agent.events`: something that happened in a session: a message, tool call, decision ...
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Event {
    /// Database id.
    pub id: EventId,
    /// The session it belongs to (deleted with it).
    pub session_id: SessionId,
    /// When it happened (default now).
    pub occurred_at: DateTime<Utc>,
    /// Kind of event.
    pub event_type: EventType,
    /// Who produced it (default `agent`).
    pub event_source: EventSource,
    /// Kind of thing it is about.
    pub subject_type: Option<SubjectType>,
    /// Id of the thing it is about.
    pub subject_id: Option<String>,
    /// Text of the event.
    pub message: Option<String>,
    /// Structured content (JSON, default `{}`).
    pub payload: serde_json::Value,
    /// How widely it should be remembered (default `session`).
    pub memory_scope: MemoryScope,
    /// Salience from 0 to 1 (default 0); high ones are promoted to facts.
    pub salience_score: f64,
    /// The fact this event was promoted to.
    pub promoted_fact_id: Option<FactId>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
    /// The client whose data the event holds; `None` = shared (no one client's). Row-level security shows a client's rows only to a connection acting for it.
    pub client_id: Option<String>,
}

/// A new row of `agent.events`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventInsertForm {
    /// The session it belongs to (deleted with it).
    pub session_id: SessionId,
    /// When it happened (default now).
    pub occurred_at: Option<DateTime<Utc>>,
    /// Kind of event.
    pub event_type: EventType,
    /// Who produced it (default `agent`).
    pub event_source: Option<EventSource>,
    /// Kind of thing it is about.
    pub subject_type: Option<SubjectType>,
    /// Id of the thing it is about.
    pub subject_id: Option<String>,
    /// Text of the event.
    pub message: Option<String>,
    /// Structured content (JSON, default `{}`).
    pub payload: Option<serde_json::Value>,
    /// How widely it should be remembered (default `session`).
    pub memory_scope: Option<MemoryScope>,
    /// Salience from 0 to 1 (default 0); high ones are promoted to facts.
    pub salience_score: Option<f64>,
    /// The fact this event was promoted to.
    pub promoted_fact_id: Option<FactId>,
    /// The client whose data it is, or `None` (the default) for a shared row; a connection acting for a
    /// client writes only that client's rows and shared ones.
    pub client_id: Option<String>,
}

impl EventInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(session_id: SessionId, event_type: EventType) -> Self {
        Self {
            session_id,
            occurred_at: None,
            event_type,
            event_source: None,
            subject_type: None,
            subject_id: None,
            message: None,
            payload: None,
            memory_scope: None,
            salience_score: None,
            promoted_fact_id: None,
            client_id: None,
        }
    }
}

/// A change to a row of `agent.events`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EventUpdateForm {
    /// The session it belongs to (deleted with it).
    pub session_id: Option<SessionId>,
    /// When it happened (default now).
    pub occurred_at: Option<DateTime<Utc>>,
    /// Kind of event.
    pub event_type: Option<EventType>,
    /// Who produced it (default `agent`).
    pub event_source: Option<EventSource>,
    /// Kind of thing it is about.
    #[serde(with = "::serde_with::rust::double_option")]
    pub subject_type: Option<Option<SubjectType>>,
    /// Id of the thing it is about.
    #[serde(with = "::serde_with::rust::double_option")]
    pub subject_id: Option<Option<String>>,
    /// Text of the event.
    #[serde(with = "::serde_with::rust::double_option")]
    pub message: Option<Option<String>>,
    /// Structured content (JSON, default `{}`).
    pub payload: Option<serde_json::Value>,
    /// How widely it should be remembered (default `session`).
    pub memory_scope: Option<MemoryScope>,
    /// Salience from 0 to 1 (default 0); high ones are promoted to facts.
    pub salience_score: Option<f64>,
    /// The fact this event was promoted to.
    #[serde(with = "::serde_with::rust::double_option")]
    pub promoted_fact_id: Option<Option<FactId>>,
    /// Moves the row to this client, or `Some(None)` to share it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_id: Option<Option<String>>,
}

impl EventUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The body of an event appended under its session, as in `POST /sessions/{id}/events`: an
/// [`EventInsertForm`] without the `session_id`, which comes from the URL. A body naming a
/// `session_id` (or any other unknown field) is refused rather than ignored.
///
/// ```
/// use agent_model::{EventBody, EventType, SessionId};
///
/// let body: EventBody = serde_json::from_str(r#"{"event_type": "message", "message": "Fridays"}"#).unwrap();
/// let form = body.into_form(SessionId(7));
/// assert_eq!((form.session_id, form.event_type), (SessionId(7), EventType::Message));
/// assert!(serde_json::from_str::<EventBody>(r#"{"session_id": 8, "event_type": "message"}"#).is_err());
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    /// When it happened (default now).
    pub occurred_at: Option<DateTime<Utc>>,
    /// Kind of event.
    pub event_type: EventType,
    /// Who produced it (default `agent`).
    pub event_source: Option<EventSource>,
    /// Kind of thing it is about.
    pub subject_type: Option<SubjectType>,
    /// Id of the thing it is about.
    pub subject_id: Option<String>,
    /// Text of the event.
    pub message: Option<String>,
    /// Structured content (JSON, default `{}`).
    pub payload: Option<serde_json::Value>,
    /// How widely it should be remembered (default `session`).
    pub memory_scope: Option<MemoryScope>,
    /// Salience from 0 to 1 (default 0); high ones are promoted to facts.
    pub salience_score: Option<f64>,
    /// The fact this event was promoted to.
    pub promoted_fact_id: Option<FactId>,
}

impl EventBody {
    /// The insert form of this event in `session_id`'s session.
    pub fn into_form(self, session_id: SessionId) -> EventInsertForm {
        EventInsertForm {
            occurred_at: self.occurred_at,
            event_source: self.event_source,
            subject_type: self.subject_type,
            subject_id: self.subject_id,
            message: self.message,
            payload: self.payload,
            memory_scope: self.memory_scope,
            salience_score: self.salience_score,
            promoted_fact_id: self.promoted_fact_id,
            ..EventInsertForm::new(session_id, self.event_type)
        }
    }
}
