//! The rows of `agent.get_graph_neighbors(node)`: a node's neighbours in both directions.

use crate::{EdgeDirection, EdgeType, GraphEdgeId, GraphNodeId, NodeType};

/// One neighbour of a graph node, as returned by `agent.get_graph_neighbors(bigint)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct GraphNeighbor {
    /// Database id of the neighbouring node.
    pub neighbor_id: GraphNodeId,
    /// Unique key (`node_id`) of the neighbouring node.
    pub neighbor_node_id: String,
    /// Kind of the neighbouring node.
    pub neighbor_type: NodeType,
    /// The edge that links the two.
    pub edge_id: GraphEdgeId,
    /// Kind of that edge.
    pub edge_type: EdgeType,
    /// Whether the edge goes out of the node or comes into it.
    pub direction: EdgeDirection,
    /// The edge's properties.
    pub edge_properties: serde_json::Value,
}
