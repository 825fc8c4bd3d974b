//! Execution runs: CRUD, typed errors, idempotent logging under concurrency, batch ingest, task variance.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, TimeZone, Utc};
use erp_model::{
    ExecutionRunId, ExecutionRunInsertForm, ExecutionRunUpdateForm, RunStatus, RunType, TaskId,
    TaskInsertForm, WorkflowId,
};
use erp_repo::erp::{ExecutionRunFilter, ExecutionRunSort, ExecutionRuns, IngestReport, Tasks};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 9, h, m, 0).unwrap()
}

async fn task(pool: &PgPool, estimate: Option<rust_decimal::Decimal>) -> TaskId {
    let mut form = TaskInsertForm::new("Onboard client");
    form.estimated_hours = estimate;
    Tasks::insert(pool, &form).await.unwrap().id
}

fn session(task: TaskId, started_at: DateTime<Utc>) -> ExecutionRunInsertForm {
    ExecutionRunInsertForm {
        task_id: Some(task),
        started_at: Some(started_at),
        ended_at: Some(started_at + Duration::minutes(90)),
        ..Default::default()
    }
}

async fn count(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM erp.execution_runs")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn execution_run_crud_filter_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let t = task(pool, Some(dec!(2))).await;
    let mut form = session(t, at(9, 0));
    form.run_type = Some(RunType::Touchpoint);
    form.estimated_hours = Some(dec!(2));
    form.outcome_notes = Some("Kickoff done".into());
    form.run_identifier = Some("coda-run-1".into());
    form.metadata = Some(serde_json::json!({"source": "coda"}));
    let run = ExecutionRuns::insert(pool, &form).await.unwrap();
    assert_eq!(
        run.actual_hours,
        Some(dec!(1.5)),
        "filled by erp.fill_run_hours"
    );
    assert_eq!(run.variance_pct, Some(dec!(-25)));
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(run.started_at, at(9, 0));
    assert_eq!(run.metadata["source"], "coda");
    assert_eq!(ExecutionRuns::get(pool, run.id).await.unwrap(), run);
    assert_eq!(
        ExecutionRuns::get_by_global_id(pool, run.global_id)
            .await
            .unwrap(),
        run
    );

    let changed = ExecutionRuns::update(
        pool,
        run.id,
        &ExecutionRunUpdateForm {
            outcome_notes: Some(None),
            actual_hours: Some(Some(dec!(3))),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.outcome_notes, None);
    assert_eq!(changed.variance_pct, Some(dec!(50)));
    assert_eq!(changed.run_identifier, run.run_identifier);

    for i in 0..9 {
        let mut f = session(t, at(10 + i, 0));
        f.status = Some(if i % 3 == 0 {
            RunStatus::Failed
        } else {
            RunStatus::Completed
        });
        ExecutionRuns::insert(pool, &f).await.unwrap();
    }
    let failed_in_morning = ExecutionRunFilter {
        status: Some(vec![RunStatus::Failed]),
        task_id: Some(t),
        started_from: Some(at(10, 0)),
        started_to: Some(at(13, 0)),
        ..Default::default()
    };
    let page = ExecutionRuns::list(
        pool,
        &failed_in_morning,
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        page.items.iter().map(|r| r.started_at).collect::<Vec<_>>(),
        [at(10, 0), at(13, 0)]
    );
    let touchpoints = ExecutionRunFilter {
        run_type: Some(vec![RunType::Touchpoint]),
        open: Some(false),
        ..Default::default()
    };
    let page = ExecutionRuns::list(
        pool,
        &touchpoints,
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(page.items, vec![changed.clone()]);

    // Newest session first, three at a time, every run exactly once, also the older sessions logged
    // while the walk goes on (they sort after the cursor).
    let mut seen = Vec::new();
    let mut late = Vec::new();
    let mut request = PageRequest::first(3);
    loop {
        let page = ExecutionRuns::list(
            pool,
            &ExecutionRunFilter::default(),
            SortOrder::desc(ExecutionRunSort::StartedAt),
            &request,
        )
        .await
        .unwrap();
        seen.extend(page.items.iter().map(|r| r.started_at));
        let Some(cursor) = page.next else { break };
        request = PageRequest::after(3, cursor);
        let earlier = at(0, 0) - Duration::hours(late.len() as i64 + 1);
        ExecutionRuns::insert(pool, &session(t, earlier))
            .await
            .unwrap();
        late.push(earlier);
    }
    let mut expected: Vec<_> = (0..10).rev().map(|i| at(9 + i, 0)).collect();
    expected.extend(&late);
    assert!(late.len() >= 3);
    assert_eq!(seen, expected);

    ExecutionRuns::delete(pool, run.id).await.unwrap();
    assert!(matches!(
        ExecutionRuns::get(pool, run.id).await,
        Err(Error::NotFound {
            table: "erp.execution_runs",
            ..
        })
    ));
    assert!(matches!(
        ExecutionRuns::delete(pool, run.id).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn execution_run_errors_are_typed() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut f = ExecutionRunInsertForm::new();
    f.workflow_id = Some(WorkflowId(31_337));
    let err = ExecutionRuns::insert(pool, &f).await.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, table, parent_missing: true, .. } if constraint == "execution_runs_workflow_id_fkey" && table == "erp.execution_runs"),
        "{err}"
    );

    let mut f = ExecutionRunInsertForm::new();
    f.actual_hours = Some(dec!(-1));
    let err = ExecutionRuns::insert(pool, &f).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "actual_hours"),
        "{err}"
    );
    let mut f = ExecutionRunInsertForm::new();
    f.estimated_hours = Some(dec!(-0.5));
    let err = ExecutionRuns::insert(pool, &f).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "estimated_hours"),
        "{err}"
    );

    let mut f = ExecutionRunInsertForm::new();
    f.started_at = Some(at(10, 0));
    f.ended_at = Some(at(9, 0));
    f.actual_hours = Some(dec!(1));
    let err = ExecutionRuns::insert(pool, &f).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { constraint, column: Some(c), .. }
            if constraint == "execution_runs_ended_at_check" && c == "ended_at"),
        "{err}"
    );
    // Without hours the trigger leaves them NULL for an inverted session, so the violation still
    // names ended_at rather than negative hours.
    f.actual_hours = None;
    let err = ExecutionRuns::insert(pool, &f).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "ended_at"),
        "{err}"
    );

    let mut f = ExecutionRunInsertForm::new();
    f.run_identifier = Some("coda-7".into());
    ExecutionRuns::insert(pool, &f).await.unwrap();
    let err = ExecutionRuns::insert(pool, &f).await.unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "execution_runs_run_identifier_key"),
        "{err}"
    );

    let mut f = ExecutionRunInsertForm::new();
    f.outcome_notes = Some("nul\0".into());
    let err = ExecutionRuns::insert(pool, &f).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "outcome_notes"),
        "{err}"
    );
    assert!(matches!(
        ExecutionRuns::update(
            pool,
            ExecutionRunId(404),
            &ExecutionRunUpdateForm {
                status: Some(RunStatus::Failed),
                ..Default::default()
            }
        )
        .await,
        Err(Error::NotFound {
            table: "erp.execution_runs",
            ..
        })
    ));
    assert_eq!(count(pool).await, 1, "nothing half-written");
}

#[tokio::test]
async fn logging_the_same_session_twice_keeps_one_run() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let t = task(pool, None).await;
    let mut conn = pool.acquire().await.unwrap();
    let first = ExecutionRuns::log_run(&mut conn, &session(t, at(9, 0)))
        .await
        .unwrap();
    assert!(first.created);
    let mut again = session(t, at(9, 0));
    again.outcome_notes = Some("logged again by a retry".into());
    let second = ExecutionRuns::log_run(&mut conn, &again).await.unwrap();
    assert!(!second.created);
    // The stored run comes back untouched: same id, same updated_at, the retry's notes not applied.
    assert_eq!(second.run, first.run);
    assert_eq!(count(pool).await, 1);

    // Another start is another session of the same task.
    let other = ExecutionRuns::log_run(&mut conn, &session(t, at(14, 0)))
        .await
        .unwrap();
    assert!(other.created);
    assert_ne!(other.run.id, first.run.id);

    // Without a task, the run identifier is the key; with neither, every call inserts.
    let mut by_id = ExecutionRunInsertForm::new();
    by_id.run_identifier = Some("n8n-42".into());
    let a = ExecutionRuns::log_run(&mut conn, &by_id).await.unwrap();
    let b = ExecutionRuns::log_run(&mut conn, &by_id).await.unwrap();
    assert!(a.created && !b.created);
    assert_eq!(a.run.id, b.run.id);
    let keyless = ExecutionRunInsertForm::new();
    let a = ExecutionRuns::log_run(&mut conn, &keyless).await.unwrap();
    let b = ExecutionRuns::log_run(&mut conn, &keyless).await.unwrap();
    assert!(a.created && b.created);
    assert_ne!(a.run.id, b.run.id);
    assert_eq!(count(pool).await, 5);

    // A new session reusing another run's identifier is a conflict, not a silent merge.
    let mut clash = session(t, at(18, 0));
    clash.run_identifier = Some("n8n-42".into());
    let err = ExecutionRuns::log_run(&mut conn, &clash).await.unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "execution_runs_run_identifier_key"),
        "{err}"
    );
    // A task's run without its start has no natural key.
    let mut no_start = session(t, at(9, 0));
    no_start.started_at = None;
    let err = ExecutionRuns::log_run(&mut conn, &no_start)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "started_at"),
        "{err}"
    );
    assert_eq!(count(pool).await, 5);
}

#[tokio::test]
async fn sixteen_concurrent_loggers_get_one_run() {
    let db = TestDb::new().await.unwrap();
    let task_id = task(db.pool(), None).await;
    // A pool of its own, large enough that all 16 callers hold a connection and start together.
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .connect(db.url())
        .await
        .unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(16));
    let mut handles = Vec::new();
    for _ in 0..16 {
        let pool = pool.clone();
        let barrier = barrier.clone();
        handles.push(tokio::spawn(async move {
            let mut conn = pool.acquire().await.unwrap();
            barrier.wait().await;
            ExecutionRuns::log_run(&mut conn, &session(task_id, at(9, 0))).await
        }));
    }
    let mut logged = Vec::new();
    for h in handles {
        logged.push(h.await.unwrap().expect("no caller fails"));
    }
    assert_eq!(logged.iter().filter(|l| l.created).count(), 1);
    assert!(logged.iter().all(|l| l.run.id == logged[0].run.id));
    assert_eq!(count(&pool).await, 1);
    pool.close().await;
}

/// Waits until some backend of this database is blocked on a lock.
async fn until_someone_waits(pool: &PgPool) {
    for _ in 0..500 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if waiting > 0 {
            return;
        }
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    panic!("no backend ever waited on the conflicting insert");
}

#[tokio::test]
async fn a_logger_racing_an_uncommitted_insert_sees_the_winner() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let t = task(pool, None).await;
    for commit in [true, false] {
        let start = if commit { at(9, 0) } else { at(11, 0) };
        let mut winner = pool.begin().await.unwrap();
        let first = ExecutionRuns::log_run(&mut winner, &session(t, start))
            .await
            .unwrap();
        // The second caller's statement starts while the first insert is uncommitted: its snapshot cannot
        // see that row, and ON CONFLICT waits for the first transaction to end.
        let racer = {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut conn = pool.acquire().await.unwrap();
                ExecutionRuns::log_run(&mut conn, &session(t, start)).await
            })
        };
        until_someone_waits(pool).await;
        if commit {
            winner.commit().await.unwrap();
            let second = racer.await.unwrap().unwrap();
            assert!(!second.created);
            assert_eq!(second.run, first.run);
        } else {
            winner.rollback().await.unwrap();
            let second = racer.await.unwrap().unwrap();
            assert!(
                second.created,
                "the first insert was rolled back, so the racer's stands"
            );
        }
    }
    assert_eq!(count(pool).await, 2);
}

#[tokio::test]
async fn start_now_finish_later() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let t = task(pool, Some(dec!(1))).await;
    let mut form = ExecutionRunInsertForm::new();
    form.task_id = Some(t);
    form.started_at = Some(at(9, 0));
    let started = ExecutionRuns::start_run(pool, &form).await.unwrap();
    assert_eq!(started.status, RunStatus::Running);
    assert_eq!((started.ended_at, started.actual_hours), (None, None));
    let open = ExecutionRunFilter {
        open: Some(true),
        ..Default::default()
    };
    let page = ExecutionRuns::list(pool, &open, SortOrder::default(), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![started.clone()]);

    let now = ExecutionRuns::start_run(pool, &ExecutionRunInsertForm::new())
        .await
        .unwrap();
    assert!(
        (Utc::now() - now.started_at).num_seconds().abs() < 60,
        "started now"
    );

    let mut conn = pool.acquire().await.unwrap();
    let err =
        ExecutionRuns::finish_run(&mut conn, started.id, at(8, 0), RunStatus::Completed, None)
            .await
            .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "ended_at"),
        "{err}"
    );
    let err = ExecutionRuns::finish_run(&mut conn, started.id, at(10, 0), RunStatus::Running, None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "status"),
        "{err}"
    );

    let finished = ExecutionRuns::finish_run(
        &mut conn,
        started.id,
        at(10, 45),
        RunStatus::Completed,
        Some("Signed"),
    )
    .await
    .unwrap();
    assert_eq!(finished.ended_at, Some(at(10, 45)));
    assert_eq!(finished.actual_hours, Some(dec!(1.75)));
    assert_eq!(finished.status, RunStatus::Completed);
    assert_eq!(finished.outcome_notes.as_deref(), Some("Signed"));
    let variance = ExecutionRuns::variance_vs_task(pool, started.id)
        .await
        .unwrap();
    assert_eq!(variance.variance_hours, Some(dec!(0.75)));
    assert_eq!(variance.variance_pct, Some(dec!(75)));

    let err = ExecutionRuns::finish_run(&mut conn, started.id, at(11, 0), RunStatus::Failed, None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "ended_at"),
        "{err}"
    );
    assert_eq!(
        ExecutionRuns::get(pool, started.id).await.unwrap(),
        finished,
        "left alone"
    );
    let err = ExecutionRuns::finish_run(
        &mut conn,
        ExecutionRunId(999),
        at(11, 0),
        RunStatus::Failed,
        None,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::NotFound {
                table: "erp.execution_runs",
                ..
            }
        ),
        "{err}"
    );

    let mut ended = ExecutionRunInsertForm::new();
    ended.ended_at = Some(at(9, 0));
    assert!(matches!(
        ExecutionRuns::start_run(pool, &ended).await,
        Err(Error::InvalidInput { .. })
    ));
}

#[tokio::test]
async fn ingest_of_5000_runs_with_1000_duplicates() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let tasks = Tasks::insert_many(
        &mut conn,
        &(0..40)
            .map(|i| TaskInsertForm::new(format!("t{i}")))
            .collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    let base = at(0, 0);
    let unique: Vec<ExecutionRunInsertForm> = (0..4000)
        .map(|i| {
            let mut f = session(tasks[i % 40].id, base + Duration::minutes(i as i64));
            f.ended_at = None;
            f.actual_hours = Some(dec!(1.25));
            f
        })
        .collect();
    // One already logged before the batch; 999 more repeated inside the batch.
    ExecutionRuns::log_run(&mut conn, &unique[17])
        .await
        .unwrap();
    let mut batch = unique.clone();
    batch.extend((0..999).map(|i| unique[(i * 7) % 4000].clone()));
    batch.push(unique[17].clone());
    // Mix runs that set the defaulted columns with runs that leave them to the database.
    for (i, f) in batch.iter_mut().enumerate() {
        if i % 3 == 0 {
            f.status = Some(RunStatus::Failed);
            f.metadata = Some(serde_json::json!({"i": i}));
        }
    }
    assert_eq!(batch.len(), 5000);
    let report = ExecutionRuns::ingest_runs(&mut conn, &batch).await.unwrap();
    assert_eq!(
        report,
        IngestReport {
            inserted: 3999,
            skipped: 1001
        }
    );
    assert_eq!(count(pool).await, 4000);
    let keys: i64 =
        sqlx::query_scalar("SELECT count(DISTINCT (task_id, started_at)) FROM erp.execution_runs")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(keys, 4000, "one row per natural key");
    let defaults: (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE status = 'Completed' AND metadata = '{}'), \
                count(*) FILTER (WHERE status = 'Failed' AND metadata ? 'i') FROM erp.execution_runs",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(defaults.0 + defaults.1, 4000, "defaults are the schema's");
    assert!(defaults.0 > 0 && defaults.1 > 0);

    let again = ExecutionRuns::ingest_runs(&mut conn, &batch).await.unwrap();
    assert_eq!(
        again,
        IngestReport {
            inserted: 0,
            skipped: 5000
        }
    );
    assert_eq!(
        ExecutionRuns::ingest_runs(&mut conn, &[]).await.unwrap(),
        IngestReport::default()
    );

    // Bad input anywhere rejects the whole batch before the database, naming the field and the run.
    let mut bad = vec![session(tasks[0].id, at(23, 0)); 2];
    bad[1].task_id = Some(tasks[1].id);
    bad[1].outcome_notes = Some("\0".into());
    let err = ExecutionRuns::ingest_runs(&mut conn, &bad)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, reason } if field == "outcome_notes" && reason.contains("run 1")),
        "{err}"
    );
    // A database error in a later chunk rolls back the earlier ones.
    let mut broken = vec![session(tasks[0].id, at(23, 30))];
    broken.push(ExecutionRunInsertForm {
        status: Some(RunStatus::Cancelled),
        workflow_id: Some(WorkflowId(5)),
        ..Default::default()
    });
    let err = ExecutionRuns::ingest_runs(&mut conn, &broken)
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::ForeignKeyViolation { .. }), "{err}");
    assert_eq!(count(pool).await, 4000);
}

#[tokio::test]
async fn run_variance_against_its_task() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let estimated = task(pool, Some(dec!(3))).await;
    let unestimated = task(pool, None).await;
    let mut f = session(estimated, at(9, 0));
    f.actual_hours = Some(dec!(4));
    let over = ExecutionRuns::insert(pool, &f).await.unwrap();
    let mut f = session(unestimated, at(10, 0));
    f.actual_hours = Some(dec!(2));
    let plain = ExecutionRuns::insert(pool, &f).await.unwrap();
    let mut f = ExecutionRunInsertForm::new();
    f.started_at = Some(at(11, 0));
    let taskless = ExecutionRuns::insert(pool, &f).await.unwrap();
    let mut f = session(
        estimated,
        Utc.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap(),
    );
    f.actual_hours = Some(dec!(1));
    ExecutionRuns::insert(pool, &f).await.unwrap();

    let v = ExecutionRuns::variance_vs_task(pool, over.id)
        .await
        .unwrap();
    assert_eq!(v.task_id, Some(estimated));
    assert_eq!(v.actual_hours, Some(dec!(4)));
    assert_eq!(v.task_estimated_hours, Some(dec!(3)));
    assert_eq!(v.variance_hours, Some(dec!(1)));
    assert_eq!(v.variance_pct, Some(dec!(33.33)));
    let v = ExecutionRuns::variance_vs_task(pool, plain.id)
        .await
        .unwrap();
    assert_eq!((v.variance_hours, v.variance_pct), (None, None));
    assert!(matches!(
        ExecutionRuns::variance_vs_task(pool, ExecutionRunId(12_345)).await,
        Err(Error::NotFound { .. })
    ));

    let window = ExecutionRuns::variances_vs_task_since(pool, at(0, 0))
        .await
        .unwrap();
    assert_eq!(
        window.iter().map(|v| v.run_id).collect::<Vec<_>>(),
        [over.id, plain.id, taskless.id],
        "the June run is outside the window"
    );
    assert_eq!(window[2].task_id, None);
}
