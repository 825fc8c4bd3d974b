//! The SDK through a real PgBouncer in transaction pooling mode: every call in a transaction, statements
//! unnamed ([`DbOptions::for_transaction_pooler`]), several connections at once so that pooled server
//! sessions are shared; migrations refuse it.

use agent_model::{Embedding, MemoryEntryInsertForm};
use erp_model::{ExecutionRunInsertForm, TaskInsertForm, TaskStatus, TaskUpdateForm};
use erp_repo::agent::{MemoryEntries, RecallQuery};
use erp_repo::erp::{ExecutionRuns, TaskFilter, TaskSort, Tasks};
use erp_repo::isolation::ClaimKey;
use erp_repo::{Db, DbOptions, Error, PageRequest, SortOrder};
use erp_testkit::TestDb;

async fn pooled(url: &str, options: DbOptions) -> Db {
    Db::connect_with(url, &options.for_transaction_pooler())
        .await
        .unwrap()
}

/// An embedding pointing mostly along axis `axis`.
fn towards(axis: usize) -> Embedding {
    let mut v = vec![0.01f32; agent_model::EMBEDDING_DIM];
    v[axis] = 1.0;
    Embedding::new(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn crud_transactions_runs_recall_and_pages_through_pgbouncer() {
    let db = TestDb::new_scaled().await.unwrap();
    let sdk = pooled(db.pooler_url().unwrap(), DbOptions::default()).await;

    // Eight workers at once, so that pooled server sessions go from one client connection to another.
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let sdk = sdk.clone();
            tokio::spawn(async move {
                for i in 0..5 {
                    let mut tx = sdk.begin().await?;
                    let task =
                        Tasks::insert(&mut *tx, &TaskInsertForm::new(format!("w{w} t{i}"))).await?;
                    assert_eq!(Tasks::get(&mut *tx, task.id).await?, task);
                    tx.commit().await?;
                    let mut tx = sdk.begin().await?;
                    let done = TaskUpdateForm {
                        status: Some(TaskStatus::Done),
                        ..Default::default()
                    };
                    let changed = Tasks::update(&mut *tx, task.id, &done).await?;
                    assert_eq!(changed.status, TaskStatus::Done);
                    tx.commit().await?;
                    let mut tx = sdk.begin().await?;
                    Tasks::delete(&mut *tx, task.id).await?;
                    tx.commit().await?;
                }
                Ok::<_, Error>(())
            })
        })
        .collect();
    for w in workers {
        w.await.unwrap().unwrap();
    }

    // A transaction that fails part-way keeps nothing.
    let mut tx = sdk.begin().await.unwrap();
    Tasks::insert(&mut *tx, &TaskInsertForm::new("kept?"))
        .await
        .unwrap();
    let mut bad = TaskInsertForm::new("bad project");
    bad.project_id = Some(erp_model::ProjectId(999));
    assert!(Tasks::insert(&mut *tx, &bad).await.is_err());
    assert!(matches!(tx.commit().await, Err(Error::TransactionAborted)));

    // Keyset pages, one transaction per page.
    let mut tx = sdk.begin().await.unwrap();
    for i in 0..7 {
        Tasks::insert(&mut *tx, &TaskInsertForm::new(format!("page {i}")))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let (mut seen, mut request) = (Vec::new(), PageRequest::first(3));
    loop {
        let mut tx = sdk.begin().await.unwrap();
        let page = Tasks::list(
            &mut *tx,
            &TaskFilter::default(),
            SortOrder::asc(TaskSort::Title),
            &request,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        seen.extend(page.items.into_iter().map(|t| t.title));
        let Some(cursor) = page.next else { break };
        request = PageRequest::after(3, cursor);
    }
    let expected: Vec<String> = (0..7).map(|i| format!("page {i}")).collect();
    assert_eq!(seen, expected);

    // log_run is idempotent through the pooler too.
    let mut run = ExecutionRunInsertForm::new();
    run.run_identifier = Some("n8n-pooled".into());
    let mut tx = sdk.begin().await.unwrap();
    let first = ExecutionRuns::log_run(&mut tx, &run).await.unwrap();
    let again = ExecutionRuns::log_run(&mut tx, &run).await.unwrap();
    tx.commit().await.unwrap();
    assert!(first.created && !again.created);
    assert_eq!(first.run.id, again.run.id);

    // recall_similar, best first.
    let mut tx = sdk.begin().await.unwrap();
    for axis in [1, 2, 3] {
        let mut form = MemoryEntryInsertForm::new("acme", format!("about axis {axis}"));
        form.embedding = Some(towards(axis));
        MemoryEntries::insert(&mut *tx, &form).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = sdk.begin().await.unwrap();
    let query = towards(2);
    let found = MemoryEntries::recall_similar(&mut tx, &RecallQuery::new("acme", &query, 2))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].entry.content, "about axis 2");
    sdk.pool().close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn client_isolation_holds_across_pooled_sessions() {
    let db = TestDb::new_scaled().await.unwrap();
    for client in ["acme", "globex"] {
        sqlx::query(
            "INSERT INTO agent.memory_facts (client_id, fact_key, fact_value) VALUES ($1, 'k', 'v')",
        )
        .bind(client)
        .execute(db.pool())
        .await
        .unwrap();
    }
    let secret: String = sqlx::query_scalar("SELECT secret FROM erp_private.client_claim_key")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let user = format!("erp_memory_writer_{}", db.name());
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {user} LOGIN PASSWORD 'pw' IN ROLE erp_memory_writer"
    )))
    .execute(db.pool())
    .await
    .unwrap();
    let options = DbOptions {
        client_claim_key: Some(ClaimKey::new(secret).unwrap()),
        ..Default::default()
    };
    let sdk = pooled(&db.pooler_url_as(&user, Some("pw")).unwrap(), options).await;

    // Acme and globex transactions interleaved on shared server sessions: each sees its own rows only,
    // and a transaction without a claim acts for nobody (the claim is transaction-local).
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let sdk = sdk.clone();
            tokio::spawn(async move {
                let client = if w % 2 == 0 { "acme" } else { "globex" };
                for _ in 0..10 {
                    let mut tx = sdk.begin_as_client(client).await?;
                    let seen: Vec<String> =
                        sqlx::query_scalar("SELECT client_id FROM agent.memory_facts")
                            .persistent(false)
                            .fetch_all(&mut *tx)
                            .await?;
                    assert_eq!(seen, vec![client.to_string()]);
                    tx.commit().await?;
                    let mut tx = sdk.begin().await?;
                    let acting: Option<String> = sqlx::query_scalar("SELECT erp.acting_client()")
                        .persistent(false)
                        .fetch_one(&mut *tx)
                        .await?;
                    assert_eq!(acting, None);
                    tx.commit().await?;
                }
                Ok::<_, Error>(())
            })
        })
        .collect();
    for w in workers {
        w.await.unwrap().unwrap();
    }
    sdk.pool().close().await;
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP ROLE {user}")))
        .execute(db.pool())
        .await;
}

#[tokio::test]
async fn migrations_refuse_a_transaction_pooler_and_leave_no_lock() {
    let db = TestDb::new_scaled().await.unwrap();
    let through = sqlx::PgPool::connect(db.pooler_url().unwrap())
        .await
        .unwrap();
    let err = erp_migrate::up(&through).await.unwrap_err();
    assert!(
        matches!(&err, erp_migrate::Error::TransactionPooler { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("direct URL"), "{err}");
    through.close().await;
    let locks: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(locks, 0, "nothing stays locked on a pooled session");
    // The direct URL migrates (here: nothing left to apply).
    assert_eq!(erp_migrate::up(db.pool()).await.unwrap(), Vec::<i64>::new());
}

#[tokio::test]
async fn a_pooler_refuses_start_up_options() {
    let options = DbOptions {
        statement_timeout: Some(std::time::Duration::from_secs(1)),
        ..Default::default()
    }
    .for_transaction_pooler();
    let err = Db::connect_with("postgres://nobody@127.0.0.1:1/none", &options)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if *field == "statement_timeout"),
        "{err}"
    );
}
