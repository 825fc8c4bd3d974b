//! `agent.block_actions`: something the user can do with a block; at most one default per block.

use crate::{ActionType, BlockActionId, BlockId};
use chrono::{DateTime, Utc};

/// A row of `agent.block_actions`: something the user can do with a block; at most one default per block.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct BlockAction {
    /// Database id.
    pub id: BlockActionId,
    /// The block (deleted with it).
    pub block_id: BlockId,
    /// What the action does.
    pub action_type: ActionType,
    /// The tool it calls.
    pub tool_name: Option<String>,
    /// Template of the tool's parameters (JSON, default `{}`).
    pub tool_params_template: serde_json::Value,
    /// Whether it is the block's default action (default false).
    pub is_default: bool,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.block_actions`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BlockActionInsertForm {
    /// The block (deleted with it).
    pub block_id: BlockId,
    /// What the action does.
    pub action_type: ActionType,
    /// The tool it calls.
    pub tool_name: Option<String>,
    /// Template of the tool's parameters (JSON, default `{}`).
    pub tool_params_template: Option<serde_json::Value>,
    /// Whether it is the block's default action (default false).
    pub is_default: Option<bool>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl BlockActionInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(block_id: BlockId, action_type: ActionType) -> Self {
        Self {
            block_id,
            action_type,
            tool_name: None,
            tool_params_template: None,
            is_default: None,
            metadata: None,
        }
    }
}

/// A change to a row of `agent.block_actions`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct BlockActionUpdateForm {
    /// The block (deleted with it).
    pub block_id: Option<BlockId>,
    /// What the action does.
    pub action_type: Option<ActionType>,
    /// The tool it calls.
    #[serde(with = "::serde_with::rust::double_option")]
    pub tool_name: Option<Option<String>>,
    /// Template of the tool's parameters (JSON, default `{}`).
    pub tool_params_template: Option<serde_json::Value>,
    /// Whether it is the block's default action (default false).
    pub is_default: Option<bool>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl BlockActionUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
