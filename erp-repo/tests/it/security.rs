//! Least-privilege roles and per-client row-level security, proven by connecting as each role.

use erp_repo::Error;
use erp_repo::isolation::begin_as_client;
use erp_testkit::TestDb;
use sqlx::{Connection, PgConnection, PgPool};

/// A login user in `group`, unique to this test (roles are cluster-wide).
async fn login_as(db: &TestDb, group: &str) -> (String, PgPool) {
    // Role names are cluster-wide; the test database's name is unique.
    let user = format!("{group}_{}", db.name());
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {user} LOGIN PASSWORD 'pw' IN ROLE {group}"
    )))
    .execute(db.pool())
    .await
    .unwrap();
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(&db.url_as(&user, Some("pw")))
        .await
        .unwrap();
    (user, pool)
}

async fn drop_user(db: &TestDb, pool: PgPool, user: &str) {
    pool.close().await;
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP OWNED BY {user}")))
        .execute(db.pool())
        .await;
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP ROLE IF EXISTS {user}")))
        .execute(db.pool())
        .await;
}

/// Runs `sql` as the role's pool and maps the error like the SDK does.
async fn run(pool: &PgPool, sql: &'static str) -> Result<u64, Error> {
    Ok(sqlx::query(sql).execute(pool).await?.rows_affected())
}

fn denied(r: Result<u64, Error>) -> bool {
    matches!(r, Err(Error::PermissionDenied { .. }))
}

#[tokio::test]
async fn planner_reads_erp_and_its_planning_tables_only() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, "erp_planner").await;
    assert!(run(&pool, "SELECT * FROM erp.tasks").await.is_ok());
    assert!(
        run(&pool, "SELECT * FROM erp.workflow_performance")
            .await
            .is_ok()
    );
    assert!(run(&pool, "SELECT * FROM erp.sprint_tasks").await.is_ok());
    assert!(run(&pool, "SELECT * FROM agent.plans").await.is_ok());
    assert!(
        run(&pool, "SELECT * FROM agent.prompt_templates")
            .await
            .is_ok()
    );
    assert!(denied(
        run(&pool, "INSERT INTO erp.tasks (title) VALUES ('x')").await
    ));
    assert!(denied(
        run(&pool, "UPDATE erp.workflows SET name = 'x'").await
    ));
    assert!(denied(run(&pool, "DELETE FROM erp.people").await));
    assert!(denied(
        run(&pool, "SELECT * FROM agent.memory_entries").await
    ));
    assert!(denied(
        run(&pool, "INSERT INTO agent.plans (plan_title) VALUES ('x')").await
    ));
    drop_user(&db, pool, &user).await;
}

#[tokio::test]
async fn memory_gateway_writes_agent_and_logs_runs_only() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, "erp_memory_writer").await;
    assert_eq!(
        run(
            &pool,
            "INSERT INTO agent.sessions (session_type) VALUES ('chat')"
        )
        .await
        .unwrap(),
        1
    );
    assert_eq!(
        run(
            &pool,
            "INSERT INTO erp.execution_runs (run_type) VALUES ('Process')"
        )
        .await
        .unwrap(),
        1
    );
    assert!(
        run(
            &pool,
            "UPDATE erp.execution_runs SET ended_at = started_at + interval '1 hour'"
        )
        .await
        .is_ok()
    );
    assert!(denied(run(&pool, "DELETE FROM erp.execution_runs").await));
    assert!(denied(
        run(&pool, "INSERT INTO erp.tasks (title) VALUES ('x')").await
    ));
    assert!(denied(run(&pool, "SELECT * FROM erp.people").await));
    drop_user(&db, pool, &user).await;
}

#[tokio::test]
async fn sync_job_reads_and_writes_erp_only() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, "erp_sync").await;
    assert_eq!(
        run(&pool, "INSERT INTO erp.people (full_name) VALUES ('Ada')")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        run(&pool, "UPDATE erp.people SET notes = 'n'")
            .await
            .unwrap(),
        1
    );
    assert_eq!(run(&pool, "DELETE FROM erp.people").await.unwrap(), 1);
    assert!(denied(run(&pool, "SELECT * FROM agent.sessions").await));
    drop_user(&db, pool, &user).await;
}

#[tokio::test]
async fn anonymous_role_sees_nothing() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, "erp_anon").await;
    for sql in [
        "SELECT * FROM erp.tasks",
        "SELECT * FROM erp.workflow_performance",
        "SELECT * FROM agent.facts",
    ] {
        assert!(denied(run(&pool, sql).await), "{sql}");
    }
    drop_user(&db, pool, &user).await;
}

#[tokio::test]
async fn acting_client_cannot_touch_another_clients_rows() {
    let db = TestDb::new().await.unwrap();
    // Seeded by the owner, who is not subject to the policies.
    for client in ["acme", "globex"] {
        for sql in [
            "INSERT INTO agent.memory_entries (client_id, content) VALUES ($1, 'likes tea')",
            "INSERT INTO agent.memory_facts (client_id, fact_key, fact_value) VALUES ($1, 'tz', 'UTC')",
            "INSERT INTO agent.working_state (client_id, state_key) VALUES ($1, 'step')",
            "INSERT INTO agent.episodes (client_id, summary) VALUES ($1, 'kickoff')",
            "INSERT INTO agent.client_profiles (client_id) VALUES ($1)",
            "INSERT INTO agent.webhook_executions (client_id, webhook_url, status) VALUES ($1, 'u', 'failed')",
        ] {
            sqlx::query(sql)
                .bind(client)
                .execute(db.pool())
                .await
                .unwrap();
        }
    }
    let (user, pool) = login_as(&db, "erp_memory_writer").await;
    let mut tx = begin_as_client(&pool, "acme").await.unwrap();
    for table in [
        "memory_entries",
        "memory_facts",
        "working_state",
        "episodes",
        "client_profiles",
        "webhook_executions",
    ] {
        let clients: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT client_id FROM agent.{table}"
        )))
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        assert_eq!(clients, ["acme"], "{table}");
        let updated = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE agent.{table} SET client_id = client_id WHERE client_id = 'globex'"
        )))
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
        assert_eq!(updated, 0, "{table}");
        let deleted = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM agent.{table} WHERE client_id <> 'acme'"
        )))
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
        assert_eq!(deleted, 0, "{table}");
    }
    // Writing a row for another client is refused by the policy's WITH CHECK.
    let err = sqlx::query("INSERT INTO agent.memory_facts (client_id, fact_key, fact_value) VALUES ('globex', 'k', 'v')")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert_eq!(
        err.as_database_error().and_then(|e| e.code()).as_deref(),
        Some("42501")
    );
    tx.rollback().await.unwrap();

    // Without an acting client nothing is visible at all.
    let mut conn: PgConnection = PgConnection::connect(&db.url_as(&user, Some("pw")))
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM agent.memory_entries")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 0);
    conn.close().await.unwrap();

    // And globex's rows are all still there.
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM agent.memory_facts WHERE client_id = 'globex'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(n, 1);
    drop_user(&db, pool, &user).await;
}
