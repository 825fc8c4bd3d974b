//! Against the migrated schema (erp-testkit): a fully populated row of every table decodes into its row
//! type, and the columns, their nullability and defaults agree with the row and form types.

use crate::{DB_FILLED, INSERT_ONLY, fixtures, insert_keys, keys, update_keys};
use agent_model::*;
use erp_testkit::TestDb;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, FromRow, PgPool};
use std::collections::BTreeSet;
use std::fmt::Debug;

async fn test_db() -> TestDb {
    TestDb::new().await.expect("a migrated test database")
}

/// Inserts `row` as it is (ids included) through `jsonb_populate_record`, so the test does not depend on
/// the code under test to write it. BYTEA and BIT columns get PostgreSQL's text forms.
async fn insert_row<R: Serialize>(pool: &PgPool, table: &str, row: &R) {
    let mut json = crate::fixtures::full_json(table, row);
    let object = json.as_object_mut().unwrap();
    if let Some(v) = object.get_mut("embedding").filter(|v| !v.is_null()) {
        let bytes = serde_json::from_value::<Embedding>(v.take())
            .unwrap()
            .to_bytes();
        *v = Value::String(bytea_text(&bytes));
    }
    // 64 hex digits in a row's JSON.
    if let Some(Value::String(hex)) = object.get_mut("content_hash") {
        *hex = format!("\\x{hex}");
    }
    if let Some(v) = object.get_mut("embedding_sig").filter(|v| !v.is_null()) {
        let sig = serde_json::from_value::<EmbeddingSignature>(v.take()).unwrap();
        *v = Value::String(sig.to_bit_string());
    }
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO agent.{table} OVERRIDING SYSTEM VALUE \
         SELECT * FROM jsonb_populate_record(NULL::agent.{table}, $1)"
    )))
    .bind(json)
    .execute(pool)
    .await
    .unwrap_or_else(|e| panic!("insert into agent.{table}: {e}"));
}

fn bytea_text(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("\\x{hex}")
}

async fn execute(pool: &PgPool, sql: &'static str) {
    sqlx::query(sql)
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Every fixture, in foreign-key order, with the few extra rows they point at.
async fn insert_fixtures(pool: &PgPool) {
    execute(
        pool,
        "INSERT INTO erp.people (id, full_name) OVERRIDING SYSTEM VALUE VALUES (1, 'Ada')",
    )
    .await;
    execute(
        pool,
        "INSERT INTO erp.execution_runs (id) OVERRIDING SYSTEM VALUE VALUES (1)",
    )
    .await;
    insert_row(pool, "context_recipes", &fixtures::context_recipe()).await;
    insert_row(pool, "profiles", &fixtures::profile()).await;
    insert_row(pool, "tools", &fixtures::tool()).await;
    insert_row(pool, "profile_tools", &fixtures::profile_tool()).await;
    insert_row(pool, "client_profiles", &fixtures::client_profile()).await;
    insert_row(pool, "memory_entries", &fixtures::memory_entry()).await;
    insert_row(pool, "memory_facts", &fixtures::memory_fact()).await;
    insert_row(pool, "working_state", &fixtures::working_state()).await;
    insert_row(pool, "webhook_executions", &fixtures::webhook_execution()).await;
    insert_row(pool, "sessions", &fixtures::session()).await;
    insert_row(pool, "episodes", &fixtures::episode()).await;
    // events and facts point at each other: event 2 is the fact's source, event 1 was promoted to it.
    execute(
        pool,
        "INSERT INTO agent.events (id, session_id, event_type) OVERRIDING SYSTEM VALUE VALUES (2, 1, 'message')",
    )
    .await;
    insert_row(pool, "facts", &fixtures::fact()).await;
    insert_row(pool, "events", &fixtures::event()).await;
    execute(
        pool,
        "INSERT INTO agent.goals (id, subject_type, subject_id, title) OVERRIDING SYSTEM VALUE \
         VALUES (2, 'venture', '3', 'Parent')",
    )
    .await;
    insert_row(pool, "goals", &fixtures::goal()).await;
    insert_row(pool, "reflections", &fixtures::reflection()).await;
    insert_row(pool, "step_evaluations", &fixtures::step_evaluation()).await;
    insert_row(pool, "artifacts", &fixtures::artifact()).await;
    insert_row(pool, "blocks", &fixtures::block()).await;
    insert_row(pool, "block_actions", &fixtures::block_action()).await;
    insert_row(pool, "graph_nodes", &fixtures::graph_node()).await;
    execute(
        pool,
        "INSERT INTO agent.graph_nodes (id, node_type, node_id) OVERRIDING SYSTEM VALUE VALUES (2, 'task', 'task:99')",
    )
    .await;
    insert_row(pool, "graph_edges", &fixtures::graph_edge()).await;
    insert_row(pool, "plans", &fixtures::plan()).await;
    insert_row(pool, "scheduler_runs", &fixtures::scheduler_run()).await;
    // The Prompt Library's topic (erp.topics, migration 0006).
    execute(
        pool,
        "INSERT INTO erp.topics (id, name) OVERRIDING SYSTEM VALUE VALUES (1, 'Reviews')",
    )
    .await;
    insert_row(pool, "prompt_templates", &fixtures::prompt_template()).await;
}

/// One column as `information_schema` describes it.
#[derive(Debug, sqlx::FromRow)]
struct Column {
    column_name: String,
    data_type: String,
    nullable: bool,
    has_default: bool,
}

async fn columns(pool: &PgPool, table: &str) -> Vec<Column> {
    sqlx::query_as(
        "SELECT column_name::text, data_type::text, is_nullable = 'YES' AS nullable,
                (column_default IS NOT NULL OR is_identity = 'YES') AS has_default
         FROM information_schema.columns
         WHERE table_schema = 'agent' AND table_name = $1
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Whether `T` decodes from `row` with `key` set to null.
fn accepts_null<T: DeserializeOwned>(row: &Value, key: &str) -> bool {
    let mut nulled = row.clone();
    nulled[key] = Value::Null;
    serde_json::from_value::<T>(nulled).is_ok()
}

async fn check_table<R, I, U>(pool: &PgPool, table: &str, expected: R)
where
    R: for<'r> FromRow<'r, PgRow> + Send + Unpin + Serialize + DeserializeOwned + PartialEq + Debug,
    I: Serialize + DeserializeOwned,
    U: Serialize + DeserializeOwned,
{
    let got: R = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT * FROM agent.{table} WHERE id = 1"
    )))
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("decoding agent.{table}: {e}"));
    assert_eq!(got, expected, "agent.{table}");

    // Drift: the row's fields are the table's columns, with Option exactly where the column is nullable
    // (JSONB columns aside: serde_json::Value takes null too).
    let columns = columns(pool, table).await;
    let row_json = crate::fixtures::full_json(table, &expected);
    let names: BTreeSet<String> = columns.iter().map(|c| c.column_name.clone()).collect();
    assert_eq!(
        keys(&row_json).into_iter().collect::<BTreeSet<_>>(),
        names,
        "agent.{table} columns"
    );
    for c in columns.iter().filter(|c| c.data_type != "jsonb") {
        let name = &c.column_name;
        assert_eq!(
            accepts_null::<R>(&row_json, name),
            c.nullable,
            "agent.{table}.{name}: Option in the row"
        );
    }

    // The insert form: the columns the database does not fill, Option exactly where the database can
    // decide (a default or NULL).
    let insert_json =
        serde_json::to_value(serde_json::from_value::<I>(row_json.clone()).unwrap()).unwrap();
    assert_eq!(
        keys(&insert_json),
        insert_keys(&row_json),
        "agent.{table} insert form"
    );
    for c in columns
        .iter()
        .filter(|c| !DB_FILLED.contains(&c.column_name.as_str()))
    {
        let name = &c.column_name;
        let optional = c.nullable || c.has_default;
        assert_eq!(
            accepts_null::<I>(&insert_json, name),
            optional,
            "agent.{table}.{name}: Option in the insert form"
        );
    }

    // The update form: a nullable column can be cleared (`Option<Option<T>>`, null kept), the others not.
    let all_null: Value = insert_json
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (k.clone(), Value::Null))
        .collect();
    let cleared = serde_json::to_value(serde_json::from_value::<U>(all_null).unwrap()).unwrap();
    let nullable: Vec<String> = columns
        .iter()
        .filter(|c| c.nullable && !DB_FILLED.contains(&c.column_name.as_str()))
        .filter(|c| !INSERT_ONLY.contains(&(table, c.column_name.as_str())))
        .map(|c| c.column_name.clone())
        .collect();
    let mut nullable_sorted = nullable.clone();
    nullable_sorted.sort();
    assert_eq!(
        keys(&cleared),
        nullable_sorted,
        "agent.{table}: clearable columns of the update form"
    );
    let full =
        serde_json::to_value(serde_json::from_value::<U>(row_json.clone()).unwrap()).unwrap();
    assert_eq!(
        keys(&full),
        update_keys(table, &row_json),
        "agent.{table} update form"
    );
}

macro_rules! check_tables {
    ($($table:ident: $fixture:ident, $row:ident, $insert:ident, $update:ident;)+) => {
        async fn check_all_tables(pool: &PgPool) {
            $(check_table::<$row, $insert, $update>(pool, stringify!($table), fixtures::$fixture()).await;)+
        }

        const TABLES: &[&str] = &[$(stringify!($table),)+];
    };
}

for_each_entity!(check_tables);

#[tokio::test]
async fn every_table_decodes_into_its_row_type_and_matches_its_forms() {
    let db = test_db().await;
    insert_fixtures(db.pool()).await;
    check_all_tables(db.pool()).await;
}

#[tokio::test]
async fn every_agent_table_has_a_model() {
    let db = test_db().await;
    let tables: BTreeSet<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'agent' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap()
    .into_iter()
    .collect();
    let modelled: BTreeSet<String> = TABLES.iter().map(|t| t.to_string()).collect();
    assert_eq!(tables, modelled);
    assert_eq!(TABLES.len(), 24);
}

#[tokio::test]
async fn graph_neighbors_decode() {
    let db = test_db().await;
    let pool = db.pool();
    insert_row(pool, "graph_nodes", &fixtures::graph_node()).await;
    execute(
        pool,
        "INSERT INTO agent.graph_nodes (id, node_type, node_id) OVERRIDING SYSTEM VALUE VALUES (2, 'task', 'task:99')",
    )
    .await;
    insert_row(pool, "graph_edges", &fixtures::graph_edge()).await;

    let neighbors = |node: GraphNodeId| {
        sqlx::query_as::<_, GraphNeighbor>("SELECT * FROM agent.get_graph_neighbors($1)")
            .bind(node)
            .fetch_all(pool)
    };
    let edge = fixtures::graph_edge();
    assert_eq!(
        neighbors(GraphNodeId(1)).await.unwrap(),
        vec![GraphNeighbor {
            neighbor_id: GraphNodeId(2),
            neighbor_node_id: "task:99".into(),
            neighbor_type: NodeType::Task,
            edge_id: edge.id,
            edge_type: edge.edge_type,
            direction: EdgeDirection::Outgoing,
            edge_properties: edge.properties.clone(),
        }]
    );
    assert_eq!(
        neighbors(GraphNodeId(2)).await.unwrap(),
        vec![GraphNeighbor {
            neighbor_id: GraphNodeId(1),
            neighbor_node_id: fixtures::graph_node().node_id,
            neighbor_type: NodeType::ServiceBlueprint,
            edge_id: edge.id,
            edge_type: edge.edge_type,
            direction: EdgeDirection::Incoming,
            edge_properties: edge.properties,
        }]
    );
}

/// Each label set of the model equals the labels its CHECK constraint allows, and every label CHECK of
/// the agent schema is one of these.
#[tokio::test]
async fn label_sets_match_the_check_constraints() {
    let sets: &[(&str, &[&str])] = &[
        ("memory_entries_memory_type_check", MemoryType::LABELS),
        ("sessions_session_type_check", SessionType::LABELS),
        ("sessions_subject_type_check", SubjectType::LABELS),
        ("sessions_status_check", SessionStatus::LABELS),
        ("webhook_executions_status_check", WebhookStatus::LABELS),
        ("facts_subject_type_check", SubjectType::LABELS),
        ("facts_fact_type_check", FactType::LABELS),
        ("events_event_type_check", EventType::LABELS),
        ("events_event_source_check", EventSource::LABELS),
        ("events_subject_type_check", SubjectType::LABELS),
        ("events_memory_scope_check", MemoryScope::LABELS),
        ("goals_subject_type_check", SubjectType::LABELS),
        ("goals_status_check", GoalStatus::LABELS),
        ("goals_priority_check", GoalPriority::LABELS),
        ("reflections_mode_check", ReflectionMode::LABELS),
        ("reflections_scope_check", ReflectionScope::LABELS),
        ("reflections_focal_entity_type_check", SubjectType::LABELS),
        (
            "step_evaluations_validator_type_check",
            ValidatorType::LABELS,
        ),
        ("step_evaluations_status_check", EvaluationStatus::LABELS),
        ("artifacts_artifact_type_check", ArtifactType::LABELS),
        ("graph_nodes_node_type_check", NodeType::LABELS),
        ("graph_edges_edge_type_check", EdgeType::LABELS),
        ("blocks_block_type_check", BlockType::LABELS),
        ("block_actions_action_type_check", ActionType::LABELS),
        ("plans_status_check", PlanStatus::LABELS),
        ("scheduler_runs_status_check", SchedulerRunStatus::LABELS),
        (
            "prompt_templates_template_type_check",
            PromptTemplateType::LABELS,
        ),
        // Coda's Prompt Library status: the erp pattern labels.
        (
            "prompt_templates_status_check",
            erp_model::PatternStatus::LABELS,
        ),
    ];
    let db = test_db().await;
    let checks: Vec<(String, String)> = sqlx::query_as(
        "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint
         WHERE connamespace = 'agent'::regnamespace AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%ARRAY[%'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let names: BTreeSet<&str> = checks.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, sets.iter().map(|(n, _)| *n).collect::<BTreeSet<_>>());
    for (name, definition) in &checks {
        // The labels are the quoted literals of `CHECK ((col = ANY (ARRAY['a'::text, ...])))`.
        let in_db: BTreeSet<&str> = definition.split('\'').skip(1).step_by(2).collect();
        let labels = sets.iter().find(|(n, _)| n == name).unwrap().1;
        assert_eq!(
            in_db,
            labels.iter().copied().collect::<BTreeSet<_>>(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn embedding_and_signature_round_trip_through_sqlx() {
    let db = test_db().await;
    let embedding = fixtures::embedding();
    let sig = embedding.signature();
    let (id, back, back_sig, bit_count, octets, sig_text): (
        MemoryEntryId,
        Embedding,
        EmbeddingSignature,
        i64,
        i32,
        String,
    ) = sqlx::query_as(
        "INSERT INTO agent.memory_entries (client_id, content, embedding, embedding_sig) VALUES ($1, $2, $3, $4)
         RETURNING id, embedding, embedding_sig, bit_count(embedding_sig), octet_length(embedding),
                   embedding_sig::text",
    )
    .bind("client-42")
    .bind("x")
    .bind(&embedding)
    .bind(sig)
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(back, embedding);
    assert_eq!(back_sig, sig);
    assert_eq!(bit_count, i64::from(sig.count_ones()));
    assert_eq!(octets, 6144);
    assert_eq!(
        sig_text,
        sig.to_bit_string(),
        "bit 0 is PostgreSQL's leftmost bit"
    );

    // The Hamming distance in SQL (the recall prefilter) equals the Rust one.
    let other = Embedding::new(embedding.as_slice().iter().rev().copied().collect()).unwrap();
    let distance: i64 = sqlx::query_scalar(
        "SELECT bit_count(embedding_sig # $2) FROM agent.memory_entries WHERE id = $1",
    )
    .bind(id)
    .bind(other.signature())
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(distance, i64::from(sig.hamming(&other.signature())));

    // Text-format results (a simple query) decode too.
    let row = sqlx::raw_sql(AssertSqlSafe(format!(
        "SELECT embedding, embedding_sig FROM agent.memory_entries WHERE id = {id}"
    )))
    .fetch_one(db.pool())
    .await
    .unwrap();
    use sqlx::Row;
    assert_eq!(row.try_get::<Embedding, _>(0).unwrap(), embedding);
    assert_eq!(row.try_get::<EmbeddingSignature, _>(1).unwrap(), sig);

    // A NULL embedding decodes as None.
    let none: Option<Embedding> = sqlx::query_scalar("SELECT NULL::bytea")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(none, None);
}

#[tokio::test]
async fn malformed_stored_values_are_decode_errors() {
    let db = test_db().await;
    let pool = db.pool();
    let short = sqlx::query_scalar::<_, Embedding>("SELECT '\\x00010203'::bytea")
        .fetch_one(pool)
        .await;
    assert!(short.is_err());
    let odd = sqlx::query_scalar::<_, Embedding>("SELECT '\\x000102'::bytea")
        .fetch_one(pool)
        .await;
    assert!(odd.is_err());
    let nan = sqlx::query_scalar::<_, Embedding>("SELECT decode(repeat('0000c07f', 1536), 'hex')")
        .fetch_one(pool)
        .await;
    assert!(nan.is_err(), "NaN is rejected");
    let narrow = sqlx::query_scalar::<_, EmbeddingSignature>("SELECT B'101'::bit(3)")
        .fetch_one(pool)
        .await;
    assert!(narrow.is_err());
    let varbit = sqlx::query_scalar::<_, EmbeddingSignature>("SELECT repeat('10', 128)::varbit")
        .fetch_one(pool)
        .await;
    assert_eq!(varbit.unwrap().to_bit_string(), "10".repeat(128));
}

/// The database's TTL trigger and `expires_at_from_ttl` agree; the content hash is the content's sha256.
#[tokio::test]
async fn ttl_trigger_agrees_with_the_model() {
    let db = test_db().await;
    let entry: MemoryEntry = sqlx::query_as(
        "INSERT INTO agent.memory_entries (client_id, content, ttl_minutes) VALUES ('c', $1, 90) RETURNING *",
    )
    .bind(fixtures::MEMORY_CONTENT)
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(
        entry.expires_at,
        Some(expires_at_from_ttl(entry.created_at, 90))
    );
    assert_eq!(entry.content_hash, fixtures::memory_content_hash());
    assert!(entry.is_live_at(entry.created_at));
    assert!(!entry.is_live_at(entry.expires_at.unwrap()));
}

/// Coda's Prompt Library columns: a prompt written without them is `Active` with no tags, and it outlives
/// its topic (`erp.topics`, ON DELETE SET NULL).
#[tokio::test]
async fn prompt_library_columns_default_and_outlive_their_topic() {
    let db = test_db().await;
    let pool = db.pool();
    let topic: erp_model::TopicId =
        sqlx::query_scalar("INSERT INTO erp.topics (name) VALUES ('Sales') RETURNING id")
            .fetch_one(pool)
            .await
            .unwrap();
    let prompt: PromptTemplate = sqlx::query_as(
        "INSERT INTO agent.prompt_templates (template_name, content, topic_id) VALUES ('follow-up', 'Hi', $1)
         RETURNING *",
    )
    .bind(topic)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        (prompt.status, prompt.tags.clone(), prompt.topic_id),
        (
            erp_model::PatternStatus::Active,
            Vec::<String>::new(),
            Some(topic)
        )
    );
    sqlx::query("DELETE FROM erp.topics")
        .execute(pool)
        .await
        .unwrap();
    let after: PromptTemplate =
        sqlx::query_as("SELECT * FROM agent.prompt_templates WHERE id = $1")
            .bind(prompt.id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(after.topic_id, None);
    let err = sqlx::query("UPDATE agent.prompt_templates SET status = 'active'")
        .execute(pool)
        .await
        .unwrap_err();
    assert_eq!(
        err.as_database_error().and_then(|e| e.constraint()),
        Some("prompt_templates_status_check")
    );
}
