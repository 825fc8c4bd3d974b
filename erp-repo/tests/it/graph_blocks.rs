//! The knowledge graph (upserts, neighbours, bounded traversal), artifacts, blocks and block actions.

use agent_model::{
    ActionType, Artifact, ArtifactInsertForm, ArtifactType, ArtifactUpdateForm, Block, BlockAction,
    BlockActionInsertForm, BlockActionUpdateForm, BlockId, BlockInsertForm, BlockType,
    BlockUpdateForm, EdgeDirection, EdgeType, GraphEdge, GraphEdgeInsertForm, GraphEdgeUpdateForm,
    GraphNode, GraphNodeId, GraphNodeInsertForm, GraphNodeUpdateForm, NodeType,
};
use erp_repo::Error;
use erp_repo::agent::{
    ArtifactFilter, Artifacts, BlockActionFilter, BlockActions, BlockFilter, Blocks,
    GraphEdgeFilter, GraphEdges, GraphNodeFilter, GraphNodes, Traversal, TraversalDirection,
};
use erp_testkit::TestDb;
use serde_json::json;
use sqlx::PgPool;

use crate::common::{assert_check_violation, assert_fk, round_trip};

async fn node(pool: &PgPool, key: &str) -> GraphNode {
    GraphNodes::upsert(pool, NodeType::Concept, key, json!({}))
        .await
        .unwrap()
}

async fn edge(pool: &PgPool, from: &GraphNode, to: &GraphNode, edge_type: EdgeType) -> GraphEdge {
    GraphEdges::upsert(pool, from.id, to.id, edge_type, json!({}))
        .await
        .unwrap()
}

#[tokio::test]
async fn graph_node_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = GraphNodeInsertForm {
        properties: Some(json!({"label": "Acme"})),
        ..GraphNodeInsertForm::new(NodeType::Organization, "org:1")
    };
    let n = GraphNodes::insert(pool, &form).await.unwrap();
    assert_eq!(
        n,
        GraphNode {
            id: n.id,
            node_type: NodeType::Organization,
            node_id: "org:1".into(),
            properties: json!({"label": "Acme"}),
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    );
    GraphNodes::insert(
        pool,
        &GraphNodeInsertForm::new(NodeType::Person, "person:1"),
    )
    .await
    .unwrap();
    assert_eq!(GraphNodes::by_node_id(pool, "org:1").await.unwrap(), n);
    round_trip::<GraphNodes>(
        pool,
        n.id,
        &n,
        &GraphNodeUpdateForm {
            node_type: Some(NodeType::Venture),
            properties: Some(json!({})),
            ..Default::default()
        },
        |c| GraphNode {
            node_type: NodeType::Venture,
            properties: json!({}),
            updated_at: c.updated_at,
            ..n.clone()
        },
        &GraphNodeFilter {
            node_type: Some(vec![NodeType::Venture, NodeType::Task]),
            node_id_contains: Some("org:".into()),
            ..Default::default()
        },
        &GraphNodeUpdateForm::default(),
    )
    .await;
    let err = GraphNodes::insert(
        pool,
        &GraphNodeInsertForm::new(NodeType::Person, "person:1"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "graph_nodes_node_id_key"),
        "{err}"
    );
    assert_check_violation(
        pool,
        "INSERT INTO agent.graph_nodes (node_type, node_id) VALUES ('planet', 'p')",
        "node_type",
    )
    .await;
}

#[tokio::test]
async fn graph_edge_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let a = node(pool, "a").await;
    let b = node(pool, "b").await;
    let form = GraphEdgeInsertForm {
        properties: Some(json!({"weight": 2})),
        ..GraphEdgeInsertForm::new(a.id, b.id, EdgeType::DependsOn)
    };
    let e = GraphEdges::insert(pool, &form).await.unwrap();
    assert_eq!(
        e,
        GraphEdge {
            id: e.id,
            from_node_id: a.id,
            to_node_id: b.id,
            edge_type: EdgeType::DependsOn,
            properties: json!({"weight": 2}),
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    );
    GraphEdges::insert(
        pool,
        &GraphEdgeInsertForm::new(b.id, a.id, EdgeType::Mentions),
    )
    .await
    .unwrap();
    round_trip::<GraphEdges>(
        pool,
        e.id,
        &e,
        &GraphEdgeUpdateForm {
            edge_type: Some(EdgeType::PartOf),
            properties: Some(json!({"weight": 3})),
            ..Default::default()
        },
        |c| GraphEdge {
            edge_type: EdgeType::PartOf,
            properties: json!({"weight": 3}),
            updated_at: c.updated_at,
            ..e.clone()
        },
        &GraphEdgeFilter {
            from_node_id: Some(a.id),
            edge_type: Some(vec![EdgeType::PartOf]),
            ..Default::default()
        },
        &GraphEdgeUpdateForm::default(),
    )
    .await;
    assert_fk(
        GraphEdges::insert(
            pool,
            &GraphEdgeInsertForm::new(a.id, GraphNodeId(999), EdgeType::Uses),
        )
        .await,
        "graph_edges_to_node_id_fkey",
    );
    assert_check_violation(
        pool,
        "UPDATE agent.graph_edges SET edge_type = 'loves'",
        "edge_type",
    )
    .await;
}

#[tokio::test]
async fn upserting_nodes_and_edges_is_idempotent() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let first = GraphNodes::upsert(pool, NodeType::Project, "project:42", json!({"v": 1}))
        .await
        .unwrap();
    let second = GraphNodes::upsert(pool, NodeType::Project, "project:42", json!({"v": 2}))
        .await
        .unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.properties, json!({"v": 2}));
    assert_eq!(second.created_at, first.created_at);
    let other = node(pool, "concept:x").await;

    let e1 = GraphEdges::upsert(
        pool,
        first.id,
        other.id,
        EdgeType::Mentions,
        json!({"n": 1}),
    )
    .await
    .unwrap();
    let e2 = GraphEdges::upsert(
        pool,
        first.id,
        other.id,
        EdgeType::Mentions,
        json!({"n": 2}),
    )
    .await
    .unwrap();
    assert_eq!(e2.id, e1.id);
    assert_eq!(e2.properties, json!({"n": 2}));
    // Another type between the same nodes is another edge.
    let e3 = edge(pool, &first, &other, EdgeType::DependsOn).await;
    assert_ne!(e3.id, e1.id);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM agent.graph_edges")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
    let nodes: i64 = sqlx::query_scalar("SELECT count(*) FROM agent.graph_nodes")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(nodes, 2);
    assert_fk(
        GraphEdges::upsert(pool, first.id, GraphNodeId(999), EdgeType::Uses, json!({})).await,
        "graph_edges_to_node_id_fkey",
    );
}

#[tokio::test]
async fn neighbours_in_both_directions() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let hub = node(pool, "hub").await;
    let out = node(pool, "out").await;
    let inc = node(pool, "in").await;
    let far = node(pool, "far").await;
    let e_out = GraphEdges::upsert(pool, hub.id, out.id, EdgeType::Owns, json!({"since": 2020}))
        .await
        .unwrap();
    let e_in = edge(pool, &inc, &hub, EdgeType::AssignedTo).await;
    edge(pool, &out, &far, EdgeType::Uses).await;

    let neighbours = GraphNodes::neighbors(pool, hub.id).await.unwrap();
    assert_eq!(neighbours.len(), 2);
    let n0 = &neighbours[0];
    assert_eq!(
        (
            n0.neighbor_id,
            n0.neighbor_node_id.as_str(),
            n0.neighbor_type
        ),
        (out.id, "out", NodeType::Concept)
    );
    assert_eq!(
        (n0.edge_id, n0.edge_type, n0.direction),
        (e_out.id, EdgeType::Owns, EdgeDirection::Outgoing)
    );
    assert_eq!(n0.edge_properties, json!({"since": 2020}));
    let n1 = &neighbours[1];
    assert_eq!(
        (n1.neighbor_id, n1.edge_id, n1.edge_type, n1.direction),
        (
            inc.id,
            e_in.id,
            EdgeType::AssignedTo,
            EdgeDirection::Incoming
        )
    );
    let from_out = GraphNodes::neighbors(pool, out.id).await.unwrap();
    assert_eq!(
        from_out
            .iter()
            .map(|n| (n.neighbor_node_id.as_str(), n.direction))
            .collect::<Vec<_>>(),
        [
            ("hub", EdgeDirection::Incoming),
            ("far", EdgeDirection::Outgoing)
        ]
    );
    assert!(
        GraphNodes::neighbors(pool, GraphNodeId(999))
            .await
            .unwrap()
            .is_empty()
    );
}

fn visited(nodes: &[erp_repo::agent::TraversedNode]) -> Vec<(&str, u32)> {
    nodes
        .iter()
        .map(|t| (t.node.node_id.as_str(), t.depth))
        .collect()
}

#[tokio::test]
async fn traversal_terminates_on_a_cycle_within_its_bounds() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let a = node(pool, "A").await;
    let b = node(pool, "B").await;
    let c = node(pool, "C").await;
    let d = node(pool, "D").await;
    let ab = edge(pool, &a, &b, EdgeType::DependsOn).await;
    let bc = edge(pool, &b, &c, EdgeType::DependsOn).await;
    let ca = edge(pool, &c, &a, EdgeType::DependsOn).await;
    let da = edge(pool, &d, &a, EdgeType::Mentions).await;

    let deep = Traversal {
        max_depth: 50,
        max_nodes: 100,
        direction: TraversalDirection::Outgoing,
        edge_types: None,
    };
    let got = GraphNodes::traverse(&mut conn, a.id, &deep).await.unwrap();
    assert_eq!(visited(&got), [("A", 0), ("B", 1), ("C", 2)]);
    assert_eq!(got[0].node, a);
    assert_eq!(got[0].via_edge, None);
    assert_eq!(got[1].via_edge.as_ref(), Some(&ab));
    assert_eq!(got[2].via_edge.as_ref(), Some(&bc));

    let both = Traversal {
        direction: TraversalDirection::Both,
        ..deep.clone()
    };
    let got = GraphNodes::traverse(&mut conn, a.id, &both).await.unwrap();
    // Both ways, C and D are one step from A.
    assert_eq!(visited(&got), [("A", 0), ("B", 1), ("C", 1), ("D", 1)]);
    assert_eq!(got[2].via_edge.as_ref(), Some(&ca));
    assert_eq!(got[3].via_edge.as_ref(), Some(&da));

    let incoming = Traversal {
        direction: TraversalDirection::Incoming,
        ..deep.clone()
    };
    let got = GraphNodes::traverse(&mut conn, a.id, &incoming)
        .await
        .unwrap();
    assert_eq!(visited(&got), [("A", 0), ("C", 1), ("D", 1), ("B", 2)]);

    let only_mentions = Traversal {
        edge_types: Some(vec![EdgeType::Mentions]),
        ..both.clone()
    };
    let got = GraphNodes::traverse(&mut conn, a.id, &only_mentions)
        .await
        .unwrap();
    assert_eq!(visited(&got), [("A", 0), ("D", 1)]);

    let shallow = Traversal {
        max_depth: 1,
        ..deep.clone()
    };
    let got = GraphNodes::traverse(&mut conn, a.id, &shallow)
        .await
        .unwrap();
    assert_eq!(visited(&got), [("A", 0), ("B", 1)]);
    let start_only = Traversal {
        max_depth: 0,
        ..deep.clone()
    };
    let got = GraphNodes::traverse(&mut conn, b.id, &start_only)
        .await
        .unwrap();
    assert_eq!(visited(&got), [("B", 0)]);

    let capped = Traversal {
        max_nodes: 2,
        ..both.clone()
    };
    let got = GraphNodes::traverse(&mut conn, a.id, &capped)
        .await
        .unwrap();
    assert_eq!(visited(&got), [("A", 0), ("B", 1)]);
    let one = Traversal {
        max_nodes: 1,
        ..both.clone()
    };
    assert_eq!(
        visited(&GraphNodes::traverse(&mut conn, a.id, &one).await.unwrap()),
        [("A", 0)]
    );

    assert!(matches!(
        GraphNodes::traverse(&mut conn, a.id, &Traversal { max_nodes: 0, ..both.clone() }).await,
        Err(Error::InvalidInput { field, .. }) if field == "max_nodes"
    ));
    assert!(matches!(
        GraphNodes::traverse(&mut conn, GraphNodeId(999), &both).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn traversal_of_a_dense_cyclic_graph_visits_each_node_once() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    // A complete directed graph on 12 nodes: every path explodes, the walk must not.
    let mut nodes = Vec::new();
    for i in 0..12 {
        nodes.push(node(pool, &format!("n{i:02}")).await);
    }
    for from in &nodes {
        for to in &nodes {
            if from.id != to.id {
                edge(pool, from, to, EdgeType::RelatesTo).await;
            }
        }
    }
    let got = GraphNodes::traverse(
        &mut conn,
        nodes[0].id,
        &Traversal {
            max_depth: 10,
            max_nodes: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(got.len(), 12);
    assert_eq!(got[0].depth, 0);
    assert!(got[1..].iter().all(|t| t.depth == 1));
    let mut ids: Vec<_> = got.iter().map(|t| t.node.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12);
}

#[tokio::test]
async fn artifact_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = ArtifactInsertForm {
        external_id: Some("doc-9".into()),
        summary: Some("Q1 plan".into()),
        source_system: Some("drive".into()),
        metadata: Some(json!({"pages": 3})),
        ..ArtifactInsertForm::new(ArtifactType::Document, "Plan")
    };
    let a = Artifacts::insert(pool, &form).await.unwrap();
    assert_eq!(
        a,
        Artifact {
            id: a.id,
            global_id: a.global_id,
            artifact_type: ArtifactType::Document,
            external_id: Some("doc-9".into()),
            title: "Plan".into(),
            summary: Some("Q1 plan".into()),
            source_system: Some("drive".into()),
            metadata: json!({"pages": 3}),
            created_at: a.created_at,
        }
    );
    Artifacts::insert(pool, &ArtifactInsertForm::new(ArtifactType::Email, "Hello"))
        .await
        .unwrap();
    round_trip::<Artifacts>(
        pool,
        a.id,
        &a,
        &ArtifactUpdateForm {
            summary: Some(None),
            title: Some("Plan v2".into()),
            ..Default::default()
        },
        |_| Artifact {
            summary: None,
            title: "Plan v2".into(),
            ..a.clone()
        },
        &ArtifactFilter {
            artifact_type: Some(vec![ArtifactType::Document]),
            source_system: Some("drive".into()),
            title_contains: Some("v2".into()),
            ..Default::default()
        },
        &ArtifactUpdateForm::default(),
    )
    .await;
    assert_check_violation(
        pool,
        "INSERT INTO agent.artifacts (artifact_type, title) VALUES ('video', 'x')",
        "artifact_type",
    )
    .await;
}

#[tokio::test]
async fn block_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let art = Artifacts::insert(pool, &ArtifactInsertForm::new(ArtifactType::Note, "n"))
        .await
        .unwrap();
    let form = BlockInsertForm {
        title: Some("Decision".into()),
        body_md: Some("We go".into()),
        source_table: Some("erp.tasks".into()),
        source_id: Some("7".into()),
        artifact_id: Some(art.id),
        vector_key: Some("v:1".into()),
        graph_key: Some("g:1".into()),
        metadata: Some(json!({"pinned": true})),
        ..BlockInsertForm::new(BlockType::Decision)
    };
    let b = Blocks::insert(pool, &form).await.unwrap();
    assert_eq!(
        b,
        Block {
            id: b.id,
            global_id: b.global_id,
            block_type: BlockType::Decision,
            title: Some("Decision".into()),
            body_md: Some("We go".into()),
            source_table: Some("erp.tasks".into()),
            source_id: Some("7".into()),
            artifact_id: Some(art.id),
            vector_key: Some("v:1".into()),
            graph_key: Some("g:1".into()),
            metadata: json!({"pinned": true}),
            created_at: b.created_at,
            updated_at: b.updated_at,
        }
    );
    Blocks::insert(pool, &BlockInsertForm::new(BlockType::Note))
        .await
        .unwrap();
    round_trip::<Blocks>(
        pool,
        b.id,
        &b,
        &BlockUpdateForm {
            artifact_id: Some(None),
            title: Some(Some("Decided".into())),
            block_type: Some(BlockType::Summary),
            ..Default::default()
        },
        |c| Block {
            artifact_id: None,
            title: Some("Decided".into()),
            block_type: BlockType::Summary,
            updated_at: c.updated_at,
            ..b.clone()
        },
        &BlockFilter {
            block_type: Some(vec![BlockType::Summary]),
            source_table: Some("erp.tasks".into()),
            source_id: Some("7".into()),
            title_contains: Some("decided".into()),
            ..Default::default()
        },
        &BlockUpdateForm::default(),
    )
    .await;
    assert_fk(
        Blocks::insert(
            pool,
            &BlockInsertForm {
                artifact_id: Some(agent_model::ArtifactId(999)),
                ..BlockInsertForm::new(BlockType::Note)
            },
        )
        .await,
        "blocks_artifact_id_fkey",
    );
    assert_check_violation(
        pool,
        "INSERT INTO agent.blocks (block_type) VALUES ('poem')",
        "block_type",
    )
    .await;
}

#[tokio::test]
async fn block_action_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let block = Blocks::insert(pool, &BlockInsertForm::new(BlockType::Task))
        .await
        .unwrap();
    let form = BlockActionInsertForm {
        tool_name: Some("calendar".into()),
        tool_params_template: Some(json!({"at": "{{due}}"})),
        is_default: Some(true),
        metadata: Some(json!({"icon": "cal"})),
        ..BlockActionInsertForm::new(block.id, ActionType::ToolCall)
    };
    let a = BlockActions::insert(pool, &form).await.unwrap();
    assert_eq!(
        a,
        BlockAction {
            id: a.id,
            block_id: block.id,
            action_type: ActionType::ToolCall,
            tool_name: Some("calendar".into()),
            tool_params_template: json!({"at": "{{due}}"}),
            is_default: true,
            metadata: json!({"icon": "cal"}),
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    );
    // A second default for the block is refused by the partial unique index.
    let err = BlockActions::insert(
        pool,
        &BlockActionInsertForm {
            is_default: Some(true),
            ..BlockActionInsertForm::new(block.id, ActionType::Open)
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "block_actions_block_id_default_key"),
        "{err}"
    );
    BlockActions::insert(
        pool,
        &BlockActionInsertForm::new(block.id, ActionType::Copy),
    )
    .await
    .unwrap();
    round_trip::<BlockActions>(
        pool,
        a.id,
        &a,
        &BlockActionUpdateForm {
            tool_name: Some(None),
            action_type: Some(ActionType::Share),
            ..Default::default()
        },
        |c| BlockAction {
            tool_name: None,
            action_type: ActionType::Share,
            updated_at: c.updated_at,
            ..a.clone()
        },
        &BlockActionFilter {
            block_id: Some(block.id),
            is_default: Some(true),
            ..Default::default()
        },
        &BlockActionUpdateForm::default(),
    )
    .await;
    assert_fk(
        BlockActions::insert(
            pool,
            &BlockActionInsertForm::new(BlockId(999), ActionType::Open),
        )
        .await,
        "block_actions_block_id_fkey",
    );
    assert_check_violation(
        pool,
        "UPDATE agent.block_actions SET action_type = 'explode'",
        "action_type",
    )
    .await;
}

#[tokio::test]
async fn changing_a_blocks_default_action_leaves_exactly_one() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let block = Blocks::insert(pool, &BlockInsertForm::new(BlockType::Snippet))
        .await
        .unwrap();
    let other = Blocks::insert(pool, &BlockInsertForm::new(BlockType::Note))
        .await
        .unwrap();
    let (_, none) = Blocks::with_default_action(pool, block.id).await.unwrap();
    assert_eq!(none, None);

    let copy = BlockActions::insert(
        pool,
        &BlockActionInsertForm {
            is_default: Some(true),
            ..BlockActionInsertForm::new(block.id, ActionType::Copy)
        },
    )
    .await
    .unwrap();
    let share = BlockActions::insert(
        pool,
        &BlockActionInsertForm::new(block.id, ActionType::Share),
    )
    .await
    .unwrap();
    let foreign = BlockActions::insert(
        pool,
        &BlockActionInsertForm {
            is_default: Some(true),
            ..BlockActionInsertForm::new(other.id, ActionType::Open)
        },
    )
    .await
    .unwrap();
    let (got_block, default) = Blocks::with_default_action(pool, block.id).await.unwrap();
    assert_eq!(got_block, block);
    assert_eq!(default, Some(copy.clone()));

    let now_default = BlockActions::set_default(&mut conn, block.id, share.id)
        .await
        .unwrap();
    assert!(now_default.is_default);
    let actions = BlockActions::of_block(pool, block.id).await.unwrap();
    assert_eq!(
        actions
            .iter()
            .map(|a| (a.id, a.is_default))
            .collect::<Vec<_>>(),
        [(copy.id, false), (share.id, true)]
    );
    let (_, default) = Blocks::with_default_action(pool, block.id).await.unwrap();
    assert_eq!(default, Some(now_default.clone()));
    // Setting the current default again changes nothing.
    BlockActions::set_default(&mut conn, block.id, share.id)
        .await
        .unwrap();
    assert_eq!(
        BlockActions::of_block(pool, block.id).await.unwrap(),
        actions
    );

    // Another block's action is refused; nothing changes on either block.
    let err = BlockActions::set_default(&mut conn, block.id, foreign.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "action_id"),
        "{err}"
    );
    assert_eq!(
        BlockActions::of_block(pool, block.id).await.unwrap(),
        actions
    );
    assert!(
        BlockActions::get(pool, foreign.id)
            .await
            .unwrap()
            .is_default
    );
    assert!(matches!(
        BlockActions::set_default(&mut conn, BlockId(999), share.id).await,
        Err(Error::NotFound {
            table: "agent.blocks",
            ..
        })
    ));
    assert!(matches!(
        BlockActions::set_default(&mut conn, block.id, agent_model::BlockActionId(999)).await,
        Err(Error::NotFound {
            table: "agent.block_actions",
            ..
        })
    ));
    assert!(matches!(
        Blocks::with_default_action(pool, BlockId(999)).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_default_changes_keep_one_default() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool().clone();
    let block = Blocks::insert(&pool, &BlockInsertForm::new(BlockType::Checklist))
        .await
        .unwrap();
    let mut actions = Vec::new();
    for _ in 0..6 {
        actions.push(
            BlockActions::insert(
                &pool,
                &BlockActionInsertForm::new(block.id, ActionType::Prompt),
            )
            .await
            .unwrap()
            .id,
        );
    }
    let mut tasks = Vec::new();
    for round in 0..4 {
        for &action in &actions {
            let pool = pool.clone();
            tasks.push(tokio::spawn(async move {
                let mut conn = pool.acquire().await.unwrap();
                BlockActions::set_default(&mut conn, block.id, action)
                    .await
                    .map(|_| round)
            }));
        }
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let defaults: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM agent.block_actions WHERE block_id = $1 AND is_default",
    )
    .bind(block.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(defaults, 1);
}
