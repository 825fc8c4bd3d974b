//! Least-privilege roles and per-client row-level security, proven by connecting as each role.

use erp_repo::isolation::{
    ClaimKey, ClientClaim, DEFAULT_CLAIM_TTL, act_with_claim, begin_as_client,
};
use erp_repo::{Db, DbOptions, Error};
use erp_testkit::{LoginRole, SdkRole, TestDb};
use sqlx::{Connection, PgConnection, PgPool};

use crate::common::claim_key;

/// A login user of `role`, unique to this test (roles are cluster-wide), and a pool connecting as it.
async fn login_as(db: &TestDb, role: SdkRole) -> (LoginRole, PgPool) {
    let user = db.login_role(role).await.unwrap();
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(user.url())
        .await
        .unwrap();
    (user, pool)
}

/// Closes the pool first: the role is dropped with its handle, and open sessions would keep it.
async fn drop_user(pool: PgPool, user: LoginRole) {
    pool.close().await;
    drop(user);
}

/// Runs `sql` as the role's pool and maps the error like the SDK does.
async fn run(pool: &PgPool, sql: &'static str) -> Result<u64, Error> {
    Ok(sqlx::query(sql).execute(pool).await?.rows_affected())
}

fn denied(r: Result<u64, Error>) -> bool {
    matches!(r, Err(Error::PermissionDenied { .. }))
}

#[tokio::test]
async fn planner_reads_erp_and_writes_only_its_planning() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, SdkRole::Planner).await;
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
    assert!(denied(run(&pool, "UPDATE erp.tasks SET title = 'x'").await));
    assert!(denied(
        run(&pool, "UPDATE erp.workflows SET name = 'x'").await
    ));
    assert!(denied(run(&pool, "DELETE FROM erp.people").await));
    assert!(denied(
        run(&pool, "SELECT * FROM agent.memory_entries").await
    ));
    drop_user(pool, user).await;
}

#[tokio::test]
async fn memory_gateway_writes_agent_and_logs_runs_only() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, SdkRole::MemoryWriter).await;
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
    drop_user(pool, user).await;
}

#[tokio::test]
async fn sync_job_reads_and_writes_erp_only() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, SdkRole::Sync).await;
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
    drop_user(pool, user).await;
}

#[tokio::test]
async fn anonymous_role_sees_nothing() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, SdkRole::Anon).await;
    for sql in [
        "SELECT * FROM erp.tasks",
        "SELECT * FROM erp.workflow_performance",
        "SELECT * FROM agent.facts",
    ] {
        assert!(denied(run(&pool, sql).await), "{sql}");
    }
    drop_user(pool, user).await;
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
    let (user, pool) = login_as(&db, SdkRole::MemoryWriter).await;
    let key = claim_key(&db).await;
    let mut tx = begin_as_client(&pool, &key, "acme").await.unwrap();
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
    let mut conn: PgConnection = PgConnection::connect(user.url()).await.unwrap();
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
    drop_user(pool, user).await;
}

/// The SDK's own path: a key that is not the database's, an empty client id, or no key at all fail loudly
/// at begin, instead of reading nothing.
#[tokio::test]
async fn begin_as_client_refuses_wrong_keys_and_empty_ids() {
    let db = TestDb::new().await.unwrap();
    let (user, pool) = login_as(&db, SdkRole::MemoryWriter).await;
    let wrong = ClaimKey::new("0".repeat(64)).unwrap();
    let err = begin_as_client(&pool, &wrong, "acme").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "client_claim"),
        "{err:?}"
    );
    let key = claim_key(&db).await;
    let err = begin_as_client(&pool, &key, "").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "client_id"),
        "{err:?}"
    );
    // An expired claim is refused too.
    let mut conn = pool.acquire().await.unwrap();
    let mut tx = sqlx::Connection::begin(&mut *conn).await.unwrap();
    let expired = key.mint("acme", std::time::Duration::ZERO).unwrap();
    // exp is in whole seconds: a claim valid for no time has expired as soon as it is minted.
    assert!(act_with_claim(&mut tx, &expired, "acme").await.is_err());
    let forged = ClientClaim::from_token(format!(
        "{}x",
        key.mint("acme", DEFAULT_CLAIM_TTL).unwrap().as_str()
    ));
    assert!(act_with_claim(&mut tx, &forged, "acme").await.is_err());
    drop(tx);
    drop(conn);

    let db_handle = Db::new(pool.clone());
    assert!(matches!(
        db_handle.begin_as_client("acme").await,
        Err(Error::InvalidInput { .. })
    ));
    let with_key = Db::connect_with(
        user.url(),
        &DbOptions {
            client_claim_key: Some(key.clone()),
            max_connections: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut tx = with_key.begin_as_client("acme").await.unwrap();
    let acting: Option<String> = sqlx::query_scalar("SELECT erp.acting_client()")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(acting.as_deref(), Some("acme"));
    tx.rollback().await.unwrap();
    // After the transaction the pooled connection acts for nobody: no '' client, no leftover claim.
    let acting: Option<String> = sqlx::query_scalar("SELECT erp.acting_client()")
        .fetch_one(with_key.pool())
        .await
        .unwrap();
    assert_eq!(acting, None);
    with_key.pool().close().await;
    drop_user(pool, user).await;
}

/// Inside a transaction acting for acme, hand-written SQL on the same connection cannot move it to globex.
#[tokio::test]
async fn hand_written_sql_inside_a_client_transaction_cannot_switch_client() {
    let db = TestDb::new().await.unwrap();
    for client in ["acme", "globex"] {
        sqlx::query("INSERT INTO agent.memory_facts (client_id, fact_key, fact_value) VALUES ($1, 'k', 'v')")
            .bind(client)
            .execute(db.pool())
            .await
            .unwrap();
    }
    let (user, pool) = login_as(&db, SdkRole::MemoryWriter).await;
    let key = claim_key(&db).await;
    let mut tx = begin_as_client(&pool, &key, "acme").await.unwrap();
    for switch in [
        "SET LOCAL erp.client_id = 'globex'",
        "SELECT set_config('erp.client_id', 'globex', true)",
        "SET LOCAL erp.client_claim = 'globex'",
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(switch))
            .execute(&mut *tx)
            .await
            .unwrap();
        let clients: Vec<String> =
            sqlx::query_scalar("SELECT client_id FROM agent.memory_facts ORDER BY 1")
                .fetch_all(&mut *tx)
                .await
                .unwrap();
        assert!(
            !clients.contains(&"globex".to_string()),
            "{switch}: {clients:?}"
        );
    }
    tx.rollback().await.unwrap();
    drop_user(pool, user).await;
}

/// Cursors are signed with a key the caller does not have, and bound to their table and ordering.
#[tokio::test]
async fn cursors_cannot_be_forged_or_moved_to_another_table() {
    use erp_model::{ProjectInsertForm, TaskInsertForm};
    use erp_repo::erp::{ProjectFilter, ProjectSort, Projects, TaskFilter, TaskSort, Tasks};
    use erp_repo::{Cursor, PageRequest, SortOrder};

    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    for i in 0..3 {
        Tasks::insert(pool, &TaskInsertForm::new(format!("t{i}")))
            .await
            .unwrap();
        Projects::insert(pool, &ProjectInsertForm::new(format!("p{i}")))
            .await
            .unwrap();
    }
    let first = Tasks::list(
        pool,
        &TaskFilter::default(),
        SortOrder::asc(TaskSort::default()),
        &PageRequest::first(1),
    )
    .await
    .unwrap();
    let cursor = first.next.unwrap();
    // The same cursor on another table with the same ordering (by id) is refused.
    let moved = Projects::list(
        pool,
        &ProjectFilter::default(),
        SortOrder::asc(ProjectSort::default()),
        &PageRequest::after(1, cursor.clone()),
    )
    .await;
    assert!(
        matches!(&moved, Err(Error::InvalidInput { field, .. }) if field == "cursor"),
        "{moved:?}"
    );
    // A cursor minted with the old public salt, or with its payload changed, is refused.
    let (payload, _) = cursor.as_str().split_once('.').unwrap();
    let old_salt = {
        use base64::Engine as _;
        use sha2::Digest as _;
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap();
        let mut h = sha2::Sha256::new();
        h.update(b"erp-sdk cursor v1");
        h.update(&raw);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&h.finalize()[..12])
    };
    for forged in [
        format!("{payload}.{old_salt}"),
        format!("{payload}x.{old_salt}"),
    ] {
        let r = Tasks::list(
            pool,
            &TaskFilter::default(),
            SortOrder::asc(TaskSort::default()),
            &PageRequest::after(1, Cursor::from(forged)),
        )
        .await;
        assert!(matches!(r, Err(Error::InvalidInput { .. })), "{r:?}");
    }
    // The genuine cursor still works where it belongs.
    Tasks::list(
        pool,
        &TaskFilter::default(),
        SortOrder::asc(TaskSort::default()),
        &PageRequest::after(1, cursor),
    )
    .await
    .unwrap();
}

/// Forgetting a client works under memory-gateway's role, acting for that client, and leaves others alone.
#[tokio::test]
async fn forget_client_works_under_the_memory_writer_role_for_the_proven_client() {
    let db = TestDb::new().await.unwrap();
    for client in ["acme", "globex"] {
        for sql in [
            "INSERT INTO agent.memory_entries (client_id, content) VALUES ($1, 'likes tea')",
            "INSERT INTO agent.memory_facts (client_id, fact_key, fact_value) VALUES ($1, 'tz', 'UTC')",
            "INSERT INTO agent.client_profiles (client_id) VALUES ($1)",
        ] {
            sqlx::query(sql)
                .bind(client)
                .execute(db.pool())
                .await
                .unwrap();
        }
    }
    let (user, pool) = login_as(&db, SdkRole::MemoryWriter).await;
    let key = claim_key(&db).await;
    let mut tx = begin_as_client(&pool, &key, "acme").await.unwrap();
    let report = erp_repo::agent::forget_client(&mut *tx, "acme")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        (report.memories, report.facts, report.profile),
        (1, 1, true)
    );
    let left: Vec<String> =
        sqlx::query_scalar("SELECT client_id FROM agent.memory_entries ORDER BY 1")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(left, ["globex"]);
    drop_user(pool, user).await;
}
