//! `agent.facts`: a time-bounded fact about a subject, true on `[valid_from, valid_to)`.

use crate::{EventId, FactId, FactType, SubjectType};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A row of `agent.facts`: a time-bounded fact about a subject, true on `[valid_from, valid_to)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Fact {
    /// Database id.
    pub id: FactId,
    /// Stable id across systems, set by the database.
    pub global_id: Uuid,
    /// Kind of thing the fact is about.
    pub subject_type: SubjectType,
    /// Id of the thing the fact is about.
    pub subject_id: String,
    /// Kind of fact.
    pub fact_type: FactType,
    /// Grouping for listing facts.
    pub category: Option<String>,
    /// The fact, in words.
    pub content: String,
    /// Salience from 0 to 1 (default 0.5).
    pub salience_score: f64,
    /// First instant the fact is true (default now).
    pub valid_from: DateTime<Utc>,
    /// First instant it is no longer true; NULL while it still holds.
    pub valid_to: Option<DateTime<Utc>>,
    /// The event it was promoted from.
    pub source_event_id: Option<EventId>,
    /// Where it came from, when not an event.
    pub source_ref: Option<String>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
    /// The client the fact is about; `None` = shared (no one client's). Row-level security shows a client's rows only to a connection acting for it.
    pub client_id: Option<String>,
}

/// A new row of `agent.facts`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FactInsertForm {
    /// Kind of thing the fact is about.
    pub subject_type: SubjectType,
    /// Id of the thing the fact is about.
    pub subject_id: String,
    /// Kind of fact.
    pub fact_type: FactType,
    /// Grouping for listing facts.
    pub category: Option<String>,
    /// The fact, in words.
    pub content: String,
    /// Salience from 0 to 1 (default 0.5).
    pub salience_score: Option<f64>,
    /// First instant the fact is true (default now).
    pub valid_from: Option<DateTime<Utc>>,
    /// First instant it is no longer true; NULL while it still holds.
    pub valid_to: Option<DateTime<Utc>>,
    /// The event it was promoted from.
    pub source_event_id: Option<EventId>,
    /// Where it came from, when not an event.
    pub source_ref: Option<String>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
    /// The client whose data it is, or `None` (the default) for a shared row; a connection acting for a
    /// client writes only that client's rows and shared ones.
    pub client_id: Option<String>,
}

impl FactInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(
        subject_type: SubjectType,
        subject_id: impl Into<String>,
        fact_type: FactType,
        content: impl Into<String>,
    ) -> Self {
        Self {
            subject_type,
            subject_id: subject_id.into(),
            fact_type,
            category: None,
            content: content.into(),
            salience_score: None,
            valid_from: None,
            valid_to: None,
            source_event_id: None,
            source_ref: None,
            metadata: None,
            client_id: None,
        }
    }
}

/// A change to a row of `agent.facts`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FactUpdateForm {
    /// Kind of thing the fact is about.
    pub subject_type: Option<SubjectType>,
    /// Id of the thing the fact is about.
    pub subject_id: Option<String>,
    /// Kind of fact.
    pub fact_type: Option<FactType>,
    /// Grouping for listing facts.
    #[serde(with = "::serde_with::rust::double_option")]
    pub category: Option<Option<String>>,
    /// The fact, in words.
    pub content: Option<String>,
    /// Salience from 0 to 1 (default 0.5).
    pub salience_score: Option<f64>,
    /// First instant the fact is true (default now).
    pub valid_from: Option<DateTime<Utc>>,
    /// First instant it is no longer true; NULL while it still holds.
    #[serde(with = "::serde_with::rust::double_option")]
    pub valid_to: Option<Option<DateTime<Utc>>>,
    /// The event it was promoted from.
    #[serde(with = "::serde_with::rust::double_option")]
    pub source_event_id: Option<Option<EventId>>,
    /// Where it came from, when not an event.
    #[serde(with = "::serde_with::rust::double_option")]
    pub source_ref: Option<Option<String>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
    /// Moves the row to this client, or `Some(None)` to share it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_id: Option<Option<String>>,
}

impl FactUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl Fact {
    /// Whether the fact is true at `t`: `valid_from <= t < valid_to`, with no end while `valid_to` is NULL.
    pub fn is_valid_at(&self, t: DateTime<Utc>) -> bool {
        self.valid_from <= t && self.valid_to.is_none_or(|end| t < end)
    }
}
