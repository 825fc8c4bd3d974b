//! `agent.blocks`: a content block shown to the user: a note, task, summary ...

use crate::{ArtifactId, BlockId, BlockType};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A row of `agent.blocks`: a content block shown to the user: a note, task, summary ...
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Block {
    /// Database id.
    pub id: BlockId,
    /// Stable id across systems, set by the database.
    pub global_id: Uuid,
    /// Kind of block.
    pub block_type: BlockType,
    /// Title.
    pub title: Option<String>,
    /// Body in Markdown.
    pub body_md: Option<String>,
    /// Table of the row it came from.
    pub source_table: Option<String>,
    /// Id of the row it came from.
    pub source_id: Option<String>,
    /// The artifact it shows.
    pub artifact_id: Option<ArtifactId>,
    /// Key of its embedding in a vector store.
    pub vector_key: Option<String>,
    /// Key of its node in the graph.
    pub graph_key: Option<String>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.blocks`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BlockInsertForm {
    /// Kind of block.
    pub block_type: BlockType,
    /// Title.
    pub title: Option<String>,
    /// Body in Markdown.
    pub body_md: Option<String>,
    /// Table of the row it came from.
    pub source_table: Option<String>,
    /// Id of the row it came from.
    pub source_id: Option<String>,
    /// The artifact it shows.
    pub artifact_id: Option<ArtifactId>,
    /// Key of its embedding in a vector store.
    pub vector_key: Option<String>,
    /// Key of its node in the graph.
    pub graph_key: Option<String>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl BlockInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(block_type: BlockType) -> Self {
        Self {
            block_type,
            title: None,
            body_md: None,
            source_table: None,
            source_id: None,
            artifact_id: None,
            vector_key: None,
            graph_key: None,
            metadata: None,
        }
    }
}

/// A change to a row of `agent.blocks`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct BlockUpdateForm {
    /// Kind of block.
    pub block_type: Option<BlockType>,
    /// Title.
    #[serde(with = "::serde_with::rust::double_option")]
    pub title: Option<Option<String>>,
    /// Body in Markdown.
    #[serde(with = "::serde_with::rust::double_option")]
    pub body_md: Option<Option<String>>,
    /// Table of the row it came from.
    #[serde(with = "::serde_with::rust::double_option")]
    pub source_table: Option<Option<String>>,
    /// Id of the row it came from.
    #[serde(with = "::serde_with::rust::double_option")]
    pub source_id: Option<Option<String>>,
    /// The artifact it shows.
    #[serde(with = "::serde_with::rust::double_option")]
    pub artifact_id: Option<Option<ArtifactId>>,
    /// Key of its embedding in a vector store.
    #[serde(with = "::serde_with::rust::double_option")]
    pub vector_key: Option<Option<String>>,
    /// Key of its node in the graph.
    #[serde(with = "::serde_with::rust::double_option")]
    pub graph_key: Option<Option<String>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl BlockUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
