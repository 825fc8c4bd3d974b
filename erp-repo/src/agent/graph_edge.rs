//! `agent.graph_edges`: typed, directed edges between graph nodes, one per (from, to, type).

use agent_model::{
    EdgeType, GraphEdge, GraphEdgeId, GraphEdgeInsertForm, GraphEdgeUpdateForm, GraphNodeId,
};
use sea_query::{Condition, OnConflict, Query};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, field};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::GraphEdges as Col;

repository! {
    /// Repository of `agent.graph_edges`.
    GraphEdges for Col {
        id: GraphEdgeId,
        row: GraphEdge,
        global_id: false,
        insert: GraphEdgeInsertForm {
            required: [from_node_id, to_node_id, edge_type],
            optional: [properties],
        },
        update: GraphEdgeUpdateForm { from_node_id, to_node_id, edge_type, properties },
        filter: GraphEdgeFilter,
        sort: GraphEdgeSort,
    }
}

sort_keys! {
    /// What an edge list can be ordered by.
    GraphEdgeSort for Col {
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which edges to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphEdgeFilter {
    /// Only edges leaving this node.
    pub from_node_id: Option<GraphNodeId>,
    /// Only edges entering this node.
    pub to_node_id: Option<GraphNodeId>,
    /// Only these kinds of edge.
    pub edge_type: Option<Vec<EdgeType>>,
}

impl ListFilter for GraphEdgeFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::FromNodeId, self.from_node_id.as_ref())?
            .eq(Col::ToNodeId, self.to_node_id.as_ref())?
            .any_of(Col::EdgeType, self.edge_type.as_deref())?
            .build())
    }
}

impl GraphEdges {
    /// Creates the edge `from -[edge_type]-> to`, or replaces the properties of the one that exists, and
    /// returns it: calling it twice leaves one edge.
    pub async fn upsert<'e>(
        exec: impl PgExecutor<'e>,
        from: GraphNodeId,
        to: GraphNodeId,
        edge_type: EdgeType,
        properties: serde_json::Value,
    ) -> Result<GraphEdge> {
        let stmt = Query::insert()
            .into_table(("agent", "graph_edges"))
            .columns(["from_node_id", "to_node_id", "edge_type", "properties"])
            .values_panic([
                field("from_node_id", &from)?,
                field("to_node_id", &to)?,
                field("edge_type", &edge_type)?,
                field("properties", &properties)?,
            ])
            .on_conflict(
                OnConflict::columns(["from_node_id", "to_node_id", "edge_type"])
                    .update_column("properties")
                    .to_owned(),
            )
            .returning_all()
            .to_owned();
        let row = crud::fetch_optional(exec, &stmt).await?;
        Ok(row.expect("INSERT .. ON CONFLICT DO UPDATE .. RETURNING always returns the row"))
    }
}
