//! `agent.client_profiles`: what the agent knows about one memory client as a whole.

use crate::ClientProfileId;
use chrono::{DateTime, Utc};

/// A row of `agent.client_profiles`: what the agent knows about one memory client as a whole.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ClientProfile {
    /// Database id.
    pub id: ClientProfileId,
    /// The client's external identifier (unique).
    pub client_id: String,
    /// Display name.
    pub name: Option<String>,
    /// The client's preferences (JSON object, default `{}`).
    pub preferences: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.client_profiles`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ClientProfileInsertForm {
    /// The client's external identifier (unique).
    pub client_id: String,
    /// Display name.
    pub name: Option<String>,
    /// The client's preferences (JSON object, default `{}`).
    pub preferences: Option<serde_json::Value>,
}

impl ClientProfileInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            name: None,
            preferences: None,
        }
    }
}

/// A change to a row of `agent.client_profiles`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ClientProfileUpdateForm {
    /// The client's external identifier (unique).
    pub client_id: Option<String>,
    /// Display name.
    #[serde(with = "::serde_with::rust::double_option")]
    pub name: Option<Option<String>>,
    /// The client's preferences (JSON object, default `{}`).
    pub preferences: Option<serde_json::Value>,
}

impl ClientProfileUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
