//! `agent.graph_nodes`: the knowledge graph's nodes, keyed by `node_id`; neighbours and bounded traversal.

use std::collections::{HashMap, HashSet};

use agent_model::{
    EdgeType, GraphEdge, GraphNeighbor, GraphNode, GraphNodeId, GraphNodeInsertForm,
    GraphNodeUpdateForm, NodeType,
};
use chrono::{DateTime, Utc};
use sea_query::extension::postgres::PgFunc;
use sea_query::{Asterisk, Condition, Expr, ExprTrait, Func, OnConflict, Order, Query};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::graph_edge::GraphEdges;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::GraphNodes as Col;
use crate::{Error, Result};

/// The most nodes one [`GraphNodes::traverse`] may return.
pub const MAX_TRAVERSAL_NODES: usize = 10_000;

repository! {
    /// Repository of `agent.graph_nodes`.
    GraphNodes for Col {
        id: GraphNodeId,
        row: GraphNode,
        global_id: false,
        insert: GraphNodeInsertForm {
            required: [node_type, node_id],
            optional: [properties],
        },
        update: GraphNodeUpdateForm { node_type, node_id, properties },
        filter: GraphNodeFilter,
        sort: GraphNodeSort,
    }
}

sort_keys! {
    /// What a node list can be ordered by.
    GraphNodeSort for Col {
        /// The node's key, alphabetically.
        NodeId => (NodeId, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which nodes to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphNodeFilter {
    /// Only these kinds of node.
    pub node_type: Option<Vec<NodeType>>,
    /// Updated at or after this instant.
    pub updated_from: Option<DateTime<Utc>>,
    /// Updated at or before this instant.
    pub updated_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the node's key.
    pub node_id_contains: Option<String>,
}

impl ListFilter for GraphNodeFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::NodeType, self.node_type.as_deref())?
            .between(
                Col::UpdatedAt,
                self.updated_from.as_ref(),
                self.updated_to.as_ref(),
            )?
            .search(Col::NodeId, self.node_id_contains.as_deref())?
            .build())
    }
}

/// Which edges a traversal follows, seen from the node being expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TraversalDirection {
    /// Edges leaving the node (`from_node_id` = node).
    Outgoing,
    /// Edges entering the node (`to_node_id` = node).
    Incoming,
    /// Both.
    #[default]
    Both,
}

/// The bounds of a graph traversal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traversal {
    /// How many edges away from the start to go at most (0: only the start).
    pub max_depth: u32,
    /// How many nodes to return at most, the start included (1 to [`MAX_TRAVERSAL_NODES`]).
    pub max_nodes: usize,
    /// Which edges to follow.
    pub direction: TraversalDirection,
    /// Only edges of these types; `None` follows every type.
    pub edge_types: Option<Vec<EdgeType>>,
}

impl Default for Traversal {
    fn default() -> Self {
        Traversal {
            max_depth: 2,
            max_nodes: 100,
            direction: TraversalDirection::Both,
            edge_types: None,
        }
    }
}

/// A node reached by a traversal.
#[derive(Debug, Clone, PartialEq)]
pub struct TraversedNode {
    /// The node.
    pub node: GraphNode,
    /// Its distance in edges from the start (0 for the start).
    pub depth: u32,
    /// The edge it was first reached through (`None` for the start).
    pub via_edge: Option<GraphEdge>,
}

impl GraphNodes {
    /// Creates the node with this key, or updates its type and replaces its properties, and returns it.
    pub async fn upsert<'e>(
        exec: impl PgExecutor<'e>,
        node_type: NodeType,
        node_id: &str,
        properties: serde_json::Value,
    ) -> Result<GraphNode> {
        let stmt = Query::insert()
            .into_table(("agent", "graph_nodes"))
            .columns(["node_type", "node_id", "properties"])
            .values_panic([
                field("node_type", &node_type)?,
                field("node_id", node_id)?,
                field("properties", &properties)?,
            ])
            .on_conflict(
                OnConflict::column("node_id")
                    .update_columns(["node_type", "properties"])
                    .to_owned(),
            )
            .returning_all()
            .to_owned();
        let row = crud::fetch_optional(exec, &stmt).await?;
        Ok(row.expect("INSERT .. ON CONFLICT DO UPDATE .. RETURNING always returns the row"))
    }

    /// The node with this key, or [`Error::NotFound`].
    pub async fn by_node_id<'e>(exec: impl PgExecutor<'e>, node_id: &str) -> Result<GraphNode> {
        let stmt = select::<Self>()
            .and_where(Expr::col("node_id").eq(field("node_id", node_id)?))
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: GraphNodes::TABLE,
                id: node_id.to_owned(),
            })
    }

    /// A node's neighbours in both directions, through `agent.get_graph_neighbors`, by edge id (a
    /// self-loop shows once each way). Empty for an unknown node.
    pub async fn neighbors<'e>(
        exec: impl PgExecutor<'e>,
        id: GraphNodeId,
    ) -> Result<Vec<GraphNeighbor>> {
        let stmt = Query::select()
            .column(Asterisk)
            .from_function(Func::cust("agent.get_graph_neighbors").arg(id.0), "n")
            .order_by("edge_id", Order::Asc)
            .order_by("direction", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// Breadth-first traversal from `start` within the bounds of `traversal`: the start (depth 0),
    /// then each node at its shortest distance, once, with the edge that first reached it.
    ///
    /// Runs one query for the edges and one for the nodes per level, in one transaction, keeping the
    /// visited set in Rust, so cycles end the walk rather than looping and every node appears once.
    /// Within a level, nodes come in the order of the edge (by id) that reached them; the walk stops
    /// as soon as `max_nodes` are collected. An unknown start is [`Error::NotFound`].
    pub fn traverse<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        start: GraphNodeId,
        traversal: &Traversal,
    ) -> impl Future<Output = Result<Vec<TraversedNode>>> + Send {
        crate::crud::traced_op(Self::TABLE, "traverse", async move {
            let mut held = db.acquire().await?;
            Self::traverse_on(&mut held, start, traversal).await
        })
    }

    async fn traverse_on(
        conn: &mut PgConnection,
        start: GraphNodeId,
        traversal: &Traversal,
    ) -> Result<Vec<TraversedNode>> {
        if traversal.max_nodes == 0 || traversal.max_nodes > MAX_TRAVERSAL_NODES {
            return Err(Error::invalid(
                "max_nodes",
                format!("must be 1 to {MAX_TRAVERSAL_NODES}"),
            ));
        }
        let mut tx = conn.begin().await?;
        let first = Self::get(&mut *tx, start).await?;
        let mut visited = HashSet::from([start]);
        let mut out = vec![TraversedNode {
            node: first,
            depth: 0,
            via_edge: None,
        }];
        let mut frontier = vec![start];
        let mut depth = 0;
        while depth < traversal.max_depth && !frontier.is_empty() && out.len() < traversal.max_nodes
        {
            depth += 1;
            let edges = level_edges(&mut tx, &frontier, traversal).await?;
            let from_frontier: HashSet<GraphNodeId> = frontier.iter().copied().collect();
            let room = traversal.max_nodes - out.len();
            let mut reached: Vec<(GraphNodeId, GraphEdge)> = Vec::new();
            for edge in edges {
                for next in far_ends(&edge, &from_frontier, traversal.direction) {
                    if reached.len() < room && visited.insert(next) {
                        reached.push((next, edge.clone()));
                    }
                }
            }
            let ids: Vec<i64> = reached.iter().map(|(id, _)| id.0).collect();
            let stmt = select::<Self>()
                .and_where(Expr::col("id").eq(PgFunc::any(Expr::val(ids))))
                .to_owned();
            let mut nodes: HashMap<GraphNodeId, GraphNode> = crud::fetch_all(&mut *tx, &stmt)
                .await?
                .into_iter()
                .map(|n: GraphNode| (n.id, n))
                .collect();
            frontier = Vec::with_capacity(reached.len());
            for (id, edge) in reached {
                // An edge's nodes cannot vanish inside this transaction's view except by a concurrent
                // delete under READ COMMITTED; such a node is skipped.
                if let Some(node) = nodes.remove(&id) {
                    frontier.push(id);
                    out.push(TraversedNode {
                        node,
                        depth,
                        via_edge: Some(edge),
                    });
                }
            }
        }
        tx.commit().await?;
        Ok(out)
    }
}

/// The edges leaving (or entering) any node of the frontier, of the wanted types, by id.
async fn level_edges(
    conn: &mut PgConnection,
    frontier: &[GraphNodeId],
    traversal: &Traversal,
) -> Result<Vec<GraphEdge>> {
    let ids: Vec<i64> = frontier.iter().map(|id| id.0).collect();
    let outgoing = Expr::col("from_node_id").eq(PgFunc::any(Expr::val(ids.clone())));
    let incoming = Expr::col("to_node_id").eq(PgFunc::any(Expr::val(ids)));
    let ends = match traversal.direction {
        TraversalDirection::Outgoing => outgoing,
        TraversalDirection::Incoming => incoming,
        TraversalDirection::Both => outgoing.or(incoming),
    };
    let mut stmt = select::<GraphEdges>();
    stmt.cond_where(
        Where::new()
            .and(ends)
            .any_of(
                crate::schema::agent::GraphEdges::EdgeType,
                traversal.edge_types.as_deref(),
            )?
            .build(),
    )
    .order_by("id", Order::Asc);
    crud::fetch_all(conn, &stmt).await
}

/// The nodes an edge leads to from the frontier, following the allowed direction(s).
fn far_ends(
    edge: &GraphEdge,
    frontier: &HashSet<GraphNodeId>,
    direction: TraversalDirection,
) -> Vec<GraphNodeId> {
    let mut ends = Vec::with_capacity(2);
    let out = matches!(
        direction,
        TraversalDirection::Outgoing | TraversalDirection::Both
    );
    let inc = matches!(
        direction,
        TraversalDirection::Incoming | TraversalDirection::Both
    );
    if out && frontier.contains(&edge.from_node_id) {
        ends.push(edge.to_node_id);
    }
    if inc && frontier.contains(&edge.to_node_id) {
        ends.push(edge.from_node_id);
    }
    ends
}
