//! `agent.graph_nodes`: a node of the knowledge graph.

use crate::{GraphNodeId, NodeType};
use chrono::{DateTime, Utc};

/// A row of `agent.graph_nodes`: a node of the knowledge graph.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct GraphNode {
    /// Database id.
    pub id: GraphNodeId,
    /// Kind of node.
    pub node_type: NodeType,
    /// Unique key of the node (e.g. `task:42`).
    pub node_id: String,
    /// Properties (JSON, default `{}`).
    pub properties: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.graph_nodes`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GraphNodeInsertForm {
    /// Kind of node.
    pub node_type: NodeType,
    /// Unique key of the node (e.g. `task:42`).
    pub node_id: String,
    /// Properties (JSON, default `{}`).
    pub properties: Option<serde_json::Value>,
}

impl GraphNodeInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(node_type: NodeType, node_id: impl Into<String>) -> Self {
        Self {
            node_type,
            node_id: node_id.into(),
            properties: None,
        }
    }
}

/// A change to a row of `agent.graph_nodes`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct GraphNodeUpdateForm {
    /// Kind of node.
    pub node_type: Option<NodeType>,
    /// Unique key of the node (e.g. `task:42`).
    pub node_id: Option<String>,
    /// Properties (JSON, default `{}`).
    pub properties: Option<serde_json::Value>,
}

impl GraphNodeUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
