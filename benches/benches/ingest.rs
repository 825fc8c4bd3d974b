//! (5) Ingesting 100 k execution runs with the natural-key dedup on (`ON CONFLICT DO NOTHING` against
//! `(task_id, started_at)` and the other unique keys): one INSERT per row, multi-row VALUES chunked under
//! 65,535 parameters, UNNEST (the SDK's `ExecutionRuns::ingest_runs`, and the same SQL by hand), and
//! binary COPY as the ceiling (straight into the table, which cannot deduplicate, and through a staging
//! table then `INSERT ... SELECT ... ON CONFLICT DO NOTHING`, which can). Every variant writes the same
//! 15 columns into an emptied table (the TRUNCATE is not timed), inside one transaction.

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use erp_benches::{BenchDb, data, runtime, slow, sql};
use erp_model::{
    ExecutionRunInsertForm, PersonId, ProjectId, RunStatus, RunType, TaskId, WorkflowId,
};
use erp_repo::erp::ExecutionRuns;
use rust_decimal::Decimal;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};

/// Runs per batch.
const BATCH: usize = 100_000;
/// Runs per batch for the row-by-row variants (the rate is what matters).
const ROW_BY_ROW: usize = 10_000;
/// Rows of the SDK's UNNEST statements.
const UNNEST_CHUNK: usize = 10_000;

/// The batch, column by column, in [`sql::RUN_COLUMNS`] order.
struct Runs {
    workflow_id: Vec<Option<i64>>,
    process_template_id: Vec<Option<i64>>,
    task_id: Vec<Option<i64>>,
    project_id: Vec<Option<i64>>,
    engagement_id: Vec<Option<i64>>,
    executed_by: Vec<Option<i64>>,
    session_id: Vec<Option<i64>>,
    ended_at: Vec<Option<DateTime<Utc>>>,
    estimated_hours: Vec<Option<Decimal>>,
    actual_hours: Vec<Option<Decimal>>,
    outcome_notes: Vec<Option<String>>,
    run_identifier: Vec<Option<String>>,
    run_type: Vec<&'static str>,
    started_at: Vec<DateTime<Utc>>,
    status: Vec<&'static str>,
    forms: Vec<ExecutionRunInsertForm>,
}

impl Runs {
    /// `n` completed runs on the generated workflows, tasks, projects and people, one a minute.
    fn new(n: usize, w0: i64, t0: i64, p0: i64, a0: i64) -> Runs {
        let base = Utc.with_ymd_and_hms(2024, 1, 1, 8, 0, 0).unwrap();
        let forms: Vec<ExecutionRunInsertForm> = (0..n as i64)
            .map(|i| {
                let started = base + TimeDelta::minutes(i);
                ExecutionRunInsertForm {
                    run_type: Some(RunType::Process),
                    workflow_id: Some(WorkflowId(w0 + i % 50)),
                    task_id: Some(TaskId(t0 + i % 10_000)),
                    project_id: Some(ProjectId(p0 + i % 200)),
                    executed_by: Some(PersonId(a0 + i % 50)),
                    started_at: Some(started),
                    ended_at: Some(started + TimeDelta::minutes(30 + i % 240)),
                    estimated_hours: Some(Decimal::from(1 + i % 8)),
                    outcome_notes: (i % 4 == 0).then(|| format!("run {i} went fine")),
                    status: Some(RunStatus::Completed),
                    ..Default::default()
                }
            })
            .collect();
        Runs {
            workflow_id: forms.iter().map(|f| f.workflow_id.map(|i| i.0)).collect(),
            process_template_id: vec![None; n],
            task_id: forms.iter().map(|f| f.task_id.map(|i| i.0)).collect(),
            project_id: forms.iter().map(|f| f.project_id.map(|i| i.0)).collect(),
            engagement_id: vec![None; n],
            executed_by: forms.iter().map(|f| f.executed_by.map(|i| i.0)).collect(),
            session_id: vec![None; n],
            ended_at: forms.iter().map(|f| f.ended_at).collect(),
            estimated_hours: forms.iter().map(|f| f.estimated_hours).collect(),
            actual_hours: vec![None; n],
            outcome_notes: forms.iter().map(|f| f.outcome_notes.clone()).collect(),
            run_identifier: vec![None; n],
            run_type: vec![RunType::Process.label(); n],
            started_at: forms.iter().map(|f| f.started_at.expect("set")).collect(),
            status: vec![RunStatus::Completed.label(); n],
            forms,
        }
    }

    /// Row `i`'s 15 values for tokio-postgres.
    fn row(&self, i: usize) -> [&(dyn ToSql + Sync); 15] {
        [
            &self.workflow_id[i],
            &self.process_template_id[i],
            &self.task_id[i],
            &self.project_id[i],
            &self.engagement_id[i],
            &self.executed_by[i],
            &self.session_id[i],
            &self.ended_at[i],
            &self.estimated_hours[i],
            &self.actual_hours[i],
            &self.outcome_notes[i],
            &self.run_identifier[i],
            &self.run_type[i],
            &self.started_at[i],
            &self.status[i],
        ]
    }
}

/// The COPY column types, in [`sql::RUN_COLUMNS`] order.
const COPY_TYPES: [Type; 15] = [
    Type::INT8,
    Type::INT8,
    Type::INT8,
    Type::INT8,
    Type::INT8,
    Type::INT8,
    Type::INT8,
    Type::TIMESTAMPTZ,
    Type::NUMERIC,
    Type::NUMERIC,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TIMESTAMPTZ,
    Type::TEXT,
];

async fn empty(db: &BenchDb) {
    db.run("TRUNCATE erp.execution_runs CASCADE").await;
}

async fn stored(db: &BenchDb) -> i64 {
    db.pg
        .query_one("SELECT count(*) FROM erp.execution_runs", &[])
        .await
        .unwrap()
        .get(0)
}

/// One INSERT per row through sqlx (prepared once, cached by the connection), in one transaction.
async fn row_by_row(db: &BenchDb, runs: &Runs, n: usize) {
    let insert = sql::runs_insert_one();
    let mut tx = db.pool().begin().await.unwrap();
    for i in 0..n {
        sqlx::query(sqlx::AssertSqlSafe(insert.as_str()))
            .bind(runs.workflow_id[i])
            .bind(runs.process_template_id[i])
            .bind(runs.task_id[i])
            .bind(runs.project_id[i])
            .bind(runs.engagement_id[i])
            .bind(runs.executed_by[i])
            .bind(runs.session_id[i])
            .bind(runs.ended_at[i])
            .bind(runs.estimated_hours[i])
            .bind(runs.actual_hours[i])
            .bind(runs.outcome_notes[i].as_deref())
            .bind(runs.run_identifier[i].as_deref())
            .bind(runs.run_type[i])
            .bind(runs.started_at[i])
            .bind(runs.status[i])
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// The SDK's idempotent single-run path, `ExecutionRuns::log_run`, once per row, in one transaction.
async fn log_run_each(db: &BenchDb, runs: &Runs, n: usize) {
    let mut tx = db.pool().begin().await.unwrap();
    for form in &runs.forms[..n] {
        ExecutionRuns::log_run(&mut tx, form).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// Multi-row VALUES, as many rows per statement as 65,535 parameters allow, in one transaction.
async fn values(db: &BenchDb, runs: &Runs) {
    let per = erp_repo::bench_internals::MAX_BIND_PARAMS / sql::RUN_COLUMNS.len();
    let head = format!(
        "INSERT INTO erp.execution_runs ({}) ",
        sql::RUN_COLUMNS.join(", ")
    );
    let mut tx = db.pool().begin().await.unwrap();
    for start in (0..BATCH).step_by(per) {
        let mut qb = sqlx::QueryBuilder::<sqlx::Postgres>::new(head.as_str());
        qb.push_values(start..(start + per).min(BATCH), |mut b, i| {
            b.push_bind(runs.workflow_id[i])
                .push_bind(runs.process_template_id[i])
                .push_bind(runs.task_id[i])
                .push_bind(runs.project_id[i])
                .push_bind(runs.engagement_id[i])
                .push_bind(runs.executed_by[i])
                .push_bind(runs.session_id[i])
                .push_bind(runs.ended_at[i])
                .push_bind(runs.estimated_hours[i])
                .push_bind(runs.actual_hours[i])
                .push_bind(runs.outcome_notes[i].clone())
                .push_bind(runs.run_identifier[i].clone())
                .push_bind(runs.run_type[i])
                .push_bind(runs.started_at[i])
                .push_bind(runs.status[i]);
        });
        qb.push(" ON CONFLICT DO NOTHING");
        qb.build().execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// The SDK: `ExecutionRuns::ingest_runs` (UNNEST, 10,000 runs per statement, one transaction).
async fn unnest_sdk(db: &BenchDb, runs: &Runs) {
    let mut conn = db.pool().acquire().await.unwrap();
    let report = ExecutionRuns::ingest_runs(&mut conn, &runs.forms)
        .await
        .unwrap();
    assert_eq!(report.inserted + report.skipped, BATCH as u64);
}

/// The SDK's UNNEST statement by hand, from ready-made column vectors.
async fn unnest_sqlx(db: &BenchDb, runs: &Runs) {
    let insert = sql::runs_unnest();
    let mut tx = db.pool().begin().await.unwrap();
    for start in (0..BATCH).step_by(UNNEST_CHUNK) {
        let r = start..(start + UNNEST_CHUNK).min(BATCH);
        sqlx::query(sqlx::AssertSqlSafe(insert.as_str()))
            .bind(&runs.workflow_id[r.clone()])
            .bind(&runs.process_template_id[r.clone()])
            .bind(&runs.task_id[r.clone()])
            .bind(&runs.project_id[r.clone()])
            .bind(&runs.engagement_id[r.clone()])
            .bind(&runs.executed_by[r.clone()])
            .bind(&runs.session_id[r.clone()])
            .bind(&runs.ended_at[r.clone()])
            .bind(&runs.estimated_hours[r.clone()])
            .bind(&runs.actual_hours[r.clone()])
            .bind(&runs.outcome_notes[r.clone()])
            .bind(&runs.run_identifier[r.clone()])
            .bind(&runs.run_type[r.clone()])
            .bind(&runs.started_at[r.clone()])
            .bind(&runs.status[r])
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Binary COPY through tokio-postgres into `table`.
async fn copy_into(db: &BenchDb, runs: &Runs, table: &str) {
    let sink = db.pg.copy_in(&sql::runs_copy(table)).await.unwrap();
    let mut writer = std::pin::pin!(BinaryCopyInWriter::new(sink, &COPY_TYPES));
    for i in 0..BATCH {
        writer.as_mut().write(&runs.row(i)).await.unwrap();
    }
    writer.finish().await.unwrap();
}

/// Binary COPY straight into the table: the ceiling (no dedup: a repeated run would fail the batch).
async fn copy_direct(db: &BenchDb, runs: &Runs) {
    db.pg.batch_execute("BEGIN").await.unwrap();
    copy_into(db, runs, "erp.execution_runs").await;
    db.pg.batch_execute("COMMIT").await.unwrap();
}

/// Binary COPY into a staging table, then one `INSERT ... SELECT ... ON CONFLICT DO NOTHING`.
async fn copy_dedup(db: &BenchDb, runs: &Runs) {
    let columns = sql::RUN_COLUMNS.join(", ");
    db.pg
        .batch_execute(&format!(
            "BEGIN; CREATE TEMP TABLE runs_staging ON COMMIT DROP AS \
             SELECT {columns} FROM erp.execution_runs WITH NO DATA"
        ))
        .await
        .unwrap();
    copy_into(db, runs, "runs_staging").await;
    db.pg
        .batch_execute(&format!(
            "INSERT INTO erp.execution_runs ({columns}) SELECT {columns} FROM runs_staging \
             ON CONFLICT DO NOTHING; COMMIT"
        ))
        .await
        .unwrap();
}

fn ingest(c: &mut Criterion) {
    let rt = runtime();
    let db = rt.block_on(BenchDb::new());
    rt.block_on(data::workflow_runs(&db, 50, 0));
    let runs = rt.block_on(async {
        Runs::new(
            BATCH,
            data::first_id(&db, "erp.workflows").await,
            data::first_id(&db, "erp.tasks").await,
            data::first_id(&db, "erp.projects").await,
            data::first_id(&db, "erp.people").await,
        )
    });
    let db = &db;
    let runs = &runs;

    // Every variant stores the whole batch, and the dedup is really on: the same batch again adds nothing.
    rt.block_on(async {
        for (name, n) in [
            ("row by row", ROW_BY_ROW),
            ("values", BATCH),
            ("unnest sdk", BATCH),
            ("unnest sqlx", BATCH),
            ("copy", BATCH),
            ("copy dedup", BATCH),
        ] {
            empty(db).await;
            match name {
                "row by row" => row_by_row(db, runs, n).await,
                "values" => values(db, runs).await,
                "unnest sdk" => unnest_sdk(db, runs).await,
                "unnest sqlx" => unnest_sqlx(db, runs).await,
                "copy" => copy_direct(db, runs).await,
                _ => copy_dedup(db, runs).await,
            }
            assert_eq!(stored(db).await, n as i64, "{name}");
        }
        let mut conn = db.pool().acquire().await.unwrap();
        let again = ExecutionRuns::ingest_runs(&mut conn, &runs.forms)
            .await
            .unwrap();
        assert_eq!((again.inserted, again.skipped), (0, BATCH as u64));
        copy_dedup(db, runs).await;
        values(db, runs).await;
        assert_eq!(stored(db).await, BATCH as i64);
    });

    // Where the time goes, measured once and printed: the same COPY with the row trigger and the
    // foreign-key checks off (needs a superuser, as on the throwaway server), and COPY into an unindexed,
    // unconstrained temporary table.
    rt.block_on(async {
        let rate = |t: Duration| BATCH as f64 / t.as_secs_f64();
        if db
            .pg
            .batch_execute("SET session_replication_role = replica")
            .await
            .is_ok()
        {
            empty(db).await;
            let started = Instant::now();
            copy_direct(db, runs).await;
            let t = started.elapsed();
            db.pg
                .batch_execute("SET session_replication_role = DEFAULT")
                .await
                .unwrap();
            eprintln!("ingest: binary COPY with triggers and FK checks off: {:.0} rows/s", rate(t));
        }
        db.pg
            .batch_execute(&format!(
                "BEGIN; CREATE TEMP TABLE runs_staging ON COMMIT DROP AS SELECT {} FROM erp.execution_runs \
                 WITH NO DATA",
                sql::RUN_COLUMNS.join(", ")
            ))
            .await
            .unwrap();
        let started = Instant::now();
        copy_into(db, runs, "runs_staging").await;
        let t = started.elapsed();
        db.pg.batch_execute("COMMIT").await.unwrap();
        eprintln!("ingest: binary COPY into an unindexed temporary table: {:.0} rows/s", rate(t));
        empty(db).await;
    });

    let mut g = c.benchmark_group("ingest_runs");
    g.sampling_mode(SamplingMode::Flat);
    // Times `work` once per iteration on an emptied table.
    macro_rules! timed {
        ($name:literal, $rows:expr, $work:expr) => {
            g.throughput(Throughput::Elements($rows as u64));
            g.bench_function($name, |b| {
                b.to_async(&rt).iter_custom(|iters| async move {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        empty(db).await;
                        let started = Instant::now();
                        $work.await;
                        total += started.elapsed();
                    }
                    total
                })
            });
        };
    }
    timed!(
        "row_by_row_sqlx",
        ROW_BY_ROW,
        row_by_row(db, runs, ROW_BY_ROW)
    );
    timed!(
        "row_by_row_sdk_log_run",
        ROW_BY_ROW,
        log_run_each(db, runs, ROW_BY_ROW)
    );
    timed!("multi_row_values", BATCH, values(db, runs));
    timed!("unnest_sdk", BATCH, unnest_sdk(db, runs));
    timed!("unnest_sqlx", BATCH, unnest_sqlx(db, runs));
    timed!("copy_binary_dedup", BATCH, copy_dedup(db, runs));
    timed!("copy_binary_ceiling", BATCH, copy_direct(db, runs));
    g.finish();
}

criterion_group! {
    name = benches;
    config = slow();
    targets = ingest
}
criterion_main!(benches);
