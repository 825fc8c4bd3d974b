//! `agent.profile_tools`: a tool made available to a profile (one link per pair).

use crate::{ProfileId, ProfileToolId, ToolId};
use chrono::{DateTime, Utc};

/// A row of `agent.profile_tools`: a tool made available to a profile (one link per pair).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ProfileTool {
    /// Database id.
    pub id: ProfileToolId,
    /// The profile (deleted with it).
    pub profile_id: ProfileId,
    /// The tool (deleted with it).
    pub tool_id: ToolId,
    /// Whether the profile may use the tool (default true).
    pub is_enabled: bool,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
}

/// A new row of `agent.profile_tools`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProfileToolInsertForm {
    /// The profile (deleted with it).
    pub profile_id: ProfileId,
    /// The tool (deleted with it).
    pub tool_id: ToolId,
    /// Whether the profile may use the tool (default true).
    pub is_enabled: Option<bool>,
}

impl ProfileToolInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(profile_id: ProfileId, tool_id: ToolId) -> Self {
        Self {
            profile_id,
            tool_id,
            is_enabled: None,
        }
    }
}

/// A change to a row of `agent.profile_tools`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ProfileToolUpdateForm {
    /// The profile (deleted with it).
    pub profile_id: Option<ProfileId>,
    /// The tool (deleted with it).
    pub tool_id: Option<ToolId>,
    /// Whether the profile may use the tool (default true).
    pub is_enabled: Option<bool>,
}

impl ProfileToolUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
