//! `agent.profiles`: an agent profile: prompt, harness configuration, model and tools.

use crate::{ContextRecipeId, ProfileId};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A row of `agent.profiles`: an agent profile: prompt, harness configuration, model and tools.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Profile {
    /// Database id.
    pub id: ProfileId,
    /// Stable id across systems, set by the database.
    pub global_id: Uuid,
    /// Unique name.
    pub name: String,
    /// What the profile is for.
    pub description: Option<String>,
    /// The system prompt template.
    pub system_prompt_template: Option<String>,
    /// Harness configuration (JSON, default `{}`).
    pub harness_config: serde_json::Value,
    /// The model used unless told otherwise.
    pub default_model: Option<String>,
    /// The context recipe used unless told otherwise.
    pub default_context_recipe_id: Option<ContextRecipeId>,
    /// Whether it can be used (default true).
    pub is_active: bool,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.profiles`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ProfileInsertForm {
    /// Unique name.
    pub name: String,
    /// What the profile is for.
    pub description: Option<String>,
    /// The system prompt template.
    pub system_prompt_template: Option<String>,
    /// Harness configuration (JSON, default `{}`).
    pub harness_config: Option<serde_json::Value>,
    /// The model used unless told otherwise.
    pub default_model: Option<String>,
    /// The context recipe used unless told otherwise.
    pub default_context_recipe_id: Option<ContextRecipeId>,
    /// Whether it can be used (default true).
    pub is_active: Option<bool>,
}

impl ProfileInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            system_prompt_template: None,
            harness_config: None,
            default_model: None,
            default_context_recipe_id: None,
            is_active: None,
        }
    }
}

/// A change to a row of `agent.profiles`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ProfileUpdateForm {
    /// Unique name.
    pub name: Option<String>,
    /// What the profile is for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// The system prompt template.
    #[serde(with = "::serde_with::rust::double_option")]
    pub system_prompt_template: Option<Option<String>>,
    /// Harness configuration (JSON, default `{}`).
    pub harness_config: Option<serde_json::Value>,
    /// The model used unless told otherwise.
    #[serde(with = "::serde_with::rust::double_option")]
    pub default_model: Option<Option<String>>,
    /// The context recipe used unless told otherwise.
    #[serde(with = "::serde_with::rust::double_option")]
    pub default_context_recipe_id: Option<Option<ContextRecipeId>>,
    /// Whether it can be used (default true).
    pub is_active: Option<bool>,
}

impl ProfileUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
