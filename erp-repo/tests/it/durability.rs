//! A crash (`kill -9` of the postmaster and its processes) in the middle of a workload, on a server with
//! PostgreSQL's default durability: every acknowledged write survives, nothing unacknowledged half-exists.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use erp_model::{ExecutionRunInsertForm, TaskInsertForm, WorkflowInsertForm};
use erp_repo::erp::{ExecutionRuns, Tasks, Workflows};
use erp_testkit::TestServer;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

const BATCH: usize = 300;

async fn pool_of(url: &str) -> PgPool {
    PgPoolOptions::new()
        .max_connections(6)
        .acquire_timeout(Duration::from_secs(3))
        .connect(url)
        .await
        .unwrap()
}

#[tokio::test]
async fn acknowledged_writes_survive_a_crash_and_unacknowledged_ones_are_whole_or_absent() {
    let server = TestServer::durable().await.unwrap();
    let data = server.new_db().await.unwrap();
    let schema = server.new_unmigrated_db().await.unwrap();
    let pool = pool_of(data.url()).await;
    let workflow = Workflows::insert(&pool, &WorkflowInsertForm::new("crash drill"))
        .await
        .unwrap();

    let singles = Arc::new(Mutex::new(Vec::new()));
    let batches = Arc::new(Mutex::new(Vec::new()));
    let runs = Arc::new(Mutex::new(Vec::new()));
    let mut workers = Vec::new();
    {
        let (pool, singles) = (pool.clone(), singles.clone());
        workers.push(tokio::spawn(async move {
            for i in 0.. {
                match Tasks::insert(&pool, &TaskInsertForm::new(format!("single {i}"))).await {
                    Ok(task) => singles.lock().unwrap().push(task.id.0),
                    Err(_) => break,
                }
            }
        }));
    }
    {
        let (pool, batches) = (pool.clone(), batches.clone());
        workers.push(tokio::spawn(async move {
            for n in 0.. {
                let forms: Vec<_> = (0..BATCH)
                    .map(|i| TaskInsertForm::new(format!("batch {n} {i}")))
                    .collect();
                match Tasks::insert_many(&pool, &forms).await {
                    Ok(rows) if rows.len() == BATCH => batches.lock().unwrap().push(n),
                    _ => break,
                }
            }
        }));
    }
    {
        let (pool, runs) = (pool.clone(), runs.clone());
        workers.push(tokio::spawn(async move {
            let start = Utc::now() - TimeDelta::days(1);
            for i in 0..i64::MAX {
                let form = ExecutionRunInsertForm {
                    workflow_id: Some(workflow.id),
                    started_at: Some(start + TimeDelta::seconds(i)),
                    ended_at: Some(start + TimeDelta::seconds(i) + TimeDelta::minutes(30)),
                    ..Default::default()
                };
                match ExecutionRuns::log_run(&pool, &form).await {
                    Ok(logged) => runs.lock().unwrap().push(logged.run.id.0),
                    Err(_) => break,
                }
            }
        }));
    }
    // Let every kind of write be acknowledged a few times, then migrate a second database and crash
    // while that is (most likely) under way.
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let enough = singles.lock().unwrap().len() >= 20
            && batches.lock().unwrap().len() >= 2
            && runs.lock().unwrap().len() >= 20;
        if enough {
            break;
        }
    }
    let schema_pool = pool_of(schema.url()).await;
    let watch = pool_of(schema.url()).await;
    let (migrated, ()) = tokio::join!(erp_migrate::up(&schema_pool), async {
        // Crash once a few migrations are in: the next one is most likely half-way.
        for _ in 0..2_000 {
            let applied: Result<i64, _> =
                sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
                    .fetch_one(&watch)
                    .await;
            if applied.is_ok_and(|n| n >= 3) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        server.crash().await.unwrap();
    });
    watch.close().await;
    schema_pool.close().await;
    for worker in workers {
        worker.await.unwrap();
    }
    pool.close().await;

    server.start_again().await.unwrap();
    let pool = pool_of(data.url()).await;
    let singles = singles.lock().unwrap().clone();
    let survived: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.tasks WHERE id = ANY($1)")
        .bind(&singles)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        survived,
        singles.len() as i64,
        "an acknowledged insert was lost"
    );

    // Each batch is all or nothing; every acknowledged one is all there.
    let per_batch: Vec<(i32, i64)> = sqlx::query_as(
        "SELECT split_part(title, ' ', 2)::int, count(*) FROM erp.tasks
         WHERE title LIKE 'batch %' GROUP BY 1 ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (n, rows) in &per_batch {
        assert_eq!(*rows, BATCH as i64, "batch {n} half exists");
    }
    let acknowledged = batches.lock().unwrap().clone();
    for n in &acknowledged {
        assert!(
            per_batch.iter().any(|(b, _)| b == n),
            "acknowledged batch {n} was lost"
        );
    }
    assert!(per_batch.len() <= acknowledged.len() + 1);

    let runs = runs.lock().unwrap().clone();
    let survived: i64 =
        sqlx::query_scalar("SELECT count(*) FROM erp.execution_runs WHERE id = ANY($1)")
            .bind(&runs)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(survived, runs.len() as i64, "an acknowledged run was lost");
    // The runs' counters (kept by a trigger in the same transaction) agree with the runs that exist.
    let report = erp_migrate::validate(&pool).await.unwrap();
    assert!(
        report.counter_drift.is_empty(),
        "{:?}",
        report.counter_drift
    );

    // The migration that was cut short is applied wholly or not at all: finishing it works, and the
    // schema is the same as that of a database migrated without a crash.
    let schema_pool = pool_of(schema.url()).await;
    let applied_before: i64 =
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&schema_pool)
            .await
            .unwrap_or(0);
    erp_migrate::up(&schema_pool).await.unwrap();
    const CATALOG: &str = "SELECT format('%s.%s.%s %s %s', n.nspname, c.relname, a.attname,
                                  a.atttypid::regtype, c.relkind) AS line
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE n.nspname IN ('erp', 'agent', 'erp_derived', 'erp_private', 'coda')
         ORDER BY line";
    let crashed: Vec<String> = sqlx::query_scalar(CATALOG)
        .fetch_all(&schema_pool)
        .await
        .unwrap();
    let clean: Vec<String> = sqlx::query_scalar(CATALOG).fetch_all(&pool).await.unwrap();
    let differ: Vec<_> = crashed
        .iter()
        .filter(|l| !clean.contains(l))
        .chain(clean.iter().filter(|l| !crashed.contains(l)))
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
    let counts: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM pg_constraint), (SELECT count(*) FROM pg_policy)",
    )
    .fetch_one(&schema_pool)
    .await
    .unwrap();
    let clean_counts: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM pg_constraint), (SELECT count(*) FROM pg_policy)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counts, clean_counts);
    eprintln!(
        "crash: {} single inserts, {} batches, {} runs acknowledged; the migration {} ({applied_before} applied before finishing)",
        singles.len(),
        acknowledged.len(),
        runs.len(),
        if migrated.is_ok() {
            "had finished"
        } else {
            "was cut short"
        },
    );
    schema_pool.close().await;
    pool.close().await;
}
