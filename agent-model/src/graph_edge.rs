//! `agent.graph_edges`: a typed edge between two graph nodes (one per type and pair).

use crate::{EdgeType, GraphEdgeId, GraphNodeId};
use chrono::{DateTime, Utc};

/// A row of `agent.graph_edges`: a typed edge between two graph nodes (one per type and pair).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct GraphEdge {
    /// Database id.
    pub id: GraphEdgeId,
    /// Where the edge starts (deleted with it).
    pub from_node_id: GraphNodeId,
    /// Where the edge ends (deleted with it).
    pub to_node_id: GraphNodeId,
    /// Kind of edge, read from `from` to `to`.
    pub edge_type: EdgeType,
    /// Properties (JSON, default `{}`).
    pub properties: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.graph_edges`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GraphEdgeInsertForm {
    /// Where the edge starts (deleted with it).
    pub from_node_id: GraphNodeId,
    /// Where the edge ends (deleted with it).
    pub to_node_id: GraphNodeId,
    /// Kind of edge, read from `from` to `to`.
    pub edge_type: EdgeType,
    /// Properties (JSON, default `{}`).
    pub properties: Option<serde_json::Value>,
}

impl GraphEdgeInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(from_node_id: GraphNodeId, to_node_id: GraphNodeId, edge_type: EdgeType) -> Self {
        Self {
            from_node_id,
            to_node_id,
            edge_type,
            properties: None,
        }
    }
}

/// A change to a row of `agent.graph_edges`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct GraphEdgeUpdateForm {
    /// Where the edge starts (deleted with it).
    pub from_node_id: Option<GraphNodeId>,
    /// Where the edge ends (deleted with it).
    pub to_node_id: Option<GraphNodeId>,
    /// Kind of edge, read from `from` to `to`.
    pub edge_type: Option<EdgeType>,
    /// Properties (JSON, default `{}`).
    pub properties: Option<serde_json::Value>,
}

impl GraphEdgeUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
