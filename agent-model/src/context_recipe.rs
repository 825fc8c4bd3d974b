//! `agent.context_recipes`: how to assemble an agent's context: what to retrieve and how much.

use crate::ContextRecipeId;
use chrono::{DateTime, Utc};

/// A row of `agent.context_recipes`: how to assemble an agent's context: what to retrieve and how much.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ContextRecipe {
    /// Database id.
    pub id: ContextRecipeId,
    /// Unique name.
    pub name: String,
    /// What the recipe is for.
    pub description: Option<String>,
    /// What to retrieve (JSON, default `{}`).
    pub retrieval_spec: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
}

/// A new row of `agent.context_recipes`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ContextRecipeInsertForm {
    /// Unique name.
    pub name: String,
    /// What the recipe is for.
    pub description: Option<String>,
    /// What to retrieve (JSON, default `{}`).
    pub retrieval_spec: Option<serde_json::Value>,
}

impl ContextRecipeInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            retrieval_spec: None,
        }
    }
}

/// A change to a row of `agent.context_recipes`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ContextRecipeUpdateForm {
    /// Unique name.
    pub name: Option<String>,
    /// What the recipe is for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// What to retrieve (JSON, default `{}`).
    pub retrieval_spec: Option<serde_json::Value>,
}

impl ContextRecipeUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
