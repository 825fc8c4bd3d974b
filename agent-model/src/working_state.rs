//! `agent.working_state`: a named piece of a client's working state, versioned for compare-and-set.

use crate::WorkingStateId;
use chrono::{DateTime, Utc};

/// A row of `agent.working_state`: a named piece of a client's working state, versioned for compare-and-set.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct WorkingState {
    /// Database id.
    pub id: WorkingStateId,
    /// The client the state belongs to.
    pub client_id: String,
    /// Name of the state, unique per client.
    pub state_key: String,
    /// The state (any JSON, default `{}`).
    pub state_value: serde_json::Value,
    /// Bumped by a trigger on every update, so compare-and-set detects a concurrent write.
    pub version: i64,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.working_state`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkingStateInsertForm {
    /// The client the state belongs to.
    pub client_id: String,
    /// Name of the state, unique per client.
    pub state_key: String,
    /// The state (any JSON, default `{}`).
    pub state_value: Option<serde_json::Value>,
    /// Starting version (default 1); the trigger bumps it on every update.
    pub version: Option<i64>,
}

impl WorkingStateInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(client_id: impl Into<String>, state_key: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            state_key: state_key.into(),
            state_value: None,
            version: None,
        }
    }
}

/// A change to a row of `agent.working_state`: `None` leaves a column alone, `Some(None)` clears a nullable one.
///
/// It has no `version`: the trigger sets it to the old version + 1 on every update, whatever is written.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct WorkingStateUpdateForm {
    /// The client the state belongs to.
    pub client_id: Option<String>,
    /// Name of the state, unique per client.
    pub state_key: Option<String>,
    /// The state (any JSON, default `{}`).
    pub state_value: Option<serde_json::Value>,
}

impl WorkingStateUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
