//! "Distributed PostgreSQL, on paper" (README): which tables would be distributed by `client_id`, which would
//! be reference tables, and which keys would have to change, read from the catalog.

use erp_testkit::TestDb;
use sqlx::PgPool;

/// Tables (`schema.name`) of `schema` with a `client_id` column, or without one.
async fn tables(pool: &PgPool, with_client_id: bool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT n.nspname || '.' || c.relname
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('erp', 'agent') AND c.relkind IN ('r', 'p')
           AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'client_id'
                       AND NOT a.attisdropped) = $1
         ORDER BY 1",
    )
    .bind(with_client_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Primary-key, unique and exclusion constraints (and unique indexes) of tables with a `client_id` column
/// whose columns do not include `client_id`: `table: constraint`.
async fn keys_without_client_id(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT n.nspname || '.' || c.relname || ': ' || i.relname
         FROM pg_index x
         JOIN pg_class c ON c.oid = x.indrelid
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute cid ON cid.attrelid = c.oid AND cid.attname = 'client_id' AND NOT cid.attisdropped
         WHERE n.nspname IN ('erp', 'agent') AND x.indisunique
           AND NOT cid.attnum = ANY (x.indkey::int2[])
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Foreign keys between two tables with a `client_id` column that do not carry `client_id` on both sides,
/// and foreign keys from a per-client table to a table without `client_id` (fine: a reference table).
async fn foreign_keys(pool: &PgPool, to_per_client: bool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT n.nspname || '.' || c.relname || ' -> ' || fn.nspname || '.' || f.relname || ' (' || k.conname || ')'
         FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
         WHERE k.contype = 'f' AND n.nspname IN ('erp', 'agent')
           AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'client_id')
           AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = f.oid AND a.attname = 'client_id') = $1
           AND ($1 = false OR NOT EXISTS (
                 SELECT FROM unnest(k.conkey, k.confkey) AS p(l, r)
                 JOIN pg_attribute la ON la.attrelid = c.oid AND la.attnum = p.l
                 JOIN pg_attribute ra ON ra.attrelid = f.oid AND ra.attnum = p.r
                 WHERE la.attname = 'client_id' AND ra.attname = 'client_id'))
         ORDER BY 1",
    )
    .bind(to_per_client)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Foreign keys from a table without `client_id` (a reference table) into a per-client table: Citus allows
/// none (a reference table is copied to every node; the row it points to lives on one).
async fn foreign_keys_into_per_client(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT n.nspname || '.' || c.relname || ' -> ' || fn.nspname || '.' || f.relname || ' (' || k.conname || ')'
         FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
         WHERE k.contype = 'f' AND n.nspname IN ('erp', 'agent')
           AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'client_id')
           AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = f.oid AND a.attname = 'client_id')
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The README's lists, held to the catalog: when a migration changes any of them, this fails, and the
/// README's scaling section is updated with it.
#[tokio::test]
async fn the_readme_scaling_section_matches_the_catalog() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    // Distributed by client_id: the agent's tables with a client_id (the four of migration 0010 hold
    // shared rows too, with client_id NULL).
    assert_eq!(
        tables(pool, true).await,
        strings(&[
            "agent.client_profiles",
            "agent.episodes",
            "agent.events",
            "agent.facts",
            "agent.memory_entries",
            "agent.memory_facts",
            "agent.plans",
            "agent.reflections",
            "agent.scheduler_runs",
            "agent.sessions",
            "agent.webhook_executions",
            "agent.working_state",
        ])
    );
    // Every other table has no client_id: reference tables.
    let reference = tables(pool, false).await;
    assert!(
        reference.iter().all(|t| !t.contains("client")),
        "{reference:?}"
    );
    assert!(reference.iter().filter(|t| t.starts_with("erp.")).count() >= 30);
    // What must change 1: every primary key is the bare id, and the global ids of sessions and facts are
    // unique without client_id; the other unique keys already lead with client_id.
    assert_eq!(
        keys_without_client_id(pool).await,
        strings(&[
            "agent.client_profiles: client_profiles_pkey",
            "agent.episodes: episodes_pkey",
            "agent.events: events_pkey",
            "agent.facts: facts_global_id_key",
            "agent.facts: facts_pkey",
            "agent.memory_entries: memory_entries_pkey",
            "agent.memory_facts: memory_facts_pkey",
            "agent.plans: plans_pkey",
            "agent.reflections: reflections_pkey",
            "agent.scheduler_runs: scheduler_runs_pkey",
            "agent.sessions: sessions_global_id_key",
            "agent.sessions: sessions_pkey",
            "agent.webhook_executions: webhook_executions_pkey",
            "agent.working_state: working_state_pkey",
        ])
    );
    // What must change 2: the foreign keys between tables with client_id do not carry it.
    assert_eq!(
        foreign_keys(pool, true).await,
        strings(&[
            "agent.episodes -> agent.sessions (episodes_session_id_fkey)",
            "agent.events -> agent.facts (events_promoted_fact_id_fkey)",
            "agent.events -> agent.sessions (events_session_id_fkey)",
            "agent.facts -> agent.events (facts_source_event_id_fkey)",
            "agent.reflections -> agent.sessions (reflections_session_id_fkey)",
            "agent.scheduler_runs -> agent.plans (scheduler_runs_plan_id_fkey)",
        ])
    );
    // Fine: tables with client_id point at reference tables.
    assert_eq!(
        foreign_keys(pool, false).await,
        strings(&[
            "agent.reflections -> erp.people (reflections_client_person_id_fkey)",
            "agent.sessions -> agent.context_recipes (sessions_context_recipe_id_fkey)",
            "agent.sessions -> agent.profiles (sessions_profile_id_fkey)",
            "agent.sessions -> erp.people (sessions_client_person_id_fkey)",
        ])
    );
    // What must change 3: one reference table points into a distributed one, which Citus refuses.
    assert_eq!(
        foreign_keys_into_per_client(pool).await,
        strings(&["erp.execution_runs -> agent.sessions (execution_runs_session_id_fkey)"])
    );
}
