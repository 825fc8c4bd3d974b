//! `agent.tools`: a tool an agent can call.

use crate::ToolId;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A row of `agent.tools`: a tool an agent can call.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Tool {
    /// Database id.
    pub id: ToolId,
    /// Stable id across systems, set by the database.
    pub global_id: Uuid,
    /// Unique name.
    pub name: String,
    /// What the tool does.
    pub description: Option<String>,
    /// JSON schema of its parameters (default `{}`).
    pub schema_definition: serde_json::Value,
    /// Whether it can be used (default true).
    pub is_active: bool,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.tools`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ToolInsertForm {
    /// Unique name.
    pub name: String,
    /// What the tool does.
    pub description: Option<String>,
    /// JSON schema of its parameters (default `{}`).
    pub schema_definition: Option<serde_json::Value>,
    /// Whether it can be used (default true).
    pub is_active: Option<bool>,
}

impl ToolInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            schema_definition: None,
            is_active: None,
        }
    }
}

/// A change to a row of `agent.tools`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ToolUpdateForm {
    /// Unique name.
    pub name: Option<String>,
    /// What the tool does.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// JSON schema of its parameters (default `{}`).
    pub schema_definition: Option<serde_json::Value>,
    /// Whether it can be used (default true).
    pub is_active: Option<bool>,
}

impl ToolUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
