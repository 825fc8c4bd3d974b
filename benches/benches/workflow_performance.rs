//! (4) Workflow performance for 50 and for 5,000 workflows over 100 k runs (1 M with `ERP_BENCH_FULL=1`),
//! read from the always-current view `erp.workflow_performance` (counters kept by statement-level
//! triggers): through the SDK, the same SQL by hand, and, for reference, the aggregate over every run
//! that the view used to compute.

use criterion::{Criterion, criterion_group, criterion_main};
use erp_benches::{BenchDb, data, full, pg, runtime, show_plan, slow, sql};
use erp_model::{WorkflowId, WorkflowPerformanceRow};
use erp_repo::erp::Workflows;

fn workflow_performance(c: &mut Criterion) {
    let rt = runtime();
    let runs: i64 = if full() { 1_000_000 } else { 100_000 };
    for workflows in [50_i64, 5_000] {
        let db = rt.block_on(BenchDb::new());
        let started = std::time::Instant::now();
        rt.block_on(data::workflow_runs(&db, workflows, runs));
        eprintln!(
            "workflow performance: {workflows} workflows, {runs} runs loaded in {:?}",
            started.elapsed()
        );
        let w0 = rt.block_on(data::first_id(&db, "erp.workflows"));
        let db = &db;
        let pool = db.pool();
        // Always current: the counters agree with a full aggregate over the runs.
        rt.block_on(async {
            let view: Vec<WorkflowPerformanceRow> = sqlx::query_as(sql::PERFORMANCE_ALL)
                .fetch_all(pool)
                .await
                .unwrap();
            let aggregate: Vec<WorkflowPerformanceRow> = sqlx::query_as(sql::PERFORMANCE_AGGREGATE)
                .fetch_all(pool)
                .await
                .unwrap();
            assert_eq!(view.len() as i64, workflows);
            for (v, a) in view.iter().zip(&aggregate) {
                assert_eq!(v.execution_runs_count, a.execution_runs_count);
                assert_eq!(v.variance_pct, a.variance_pct);
            }
            show_plan(
                &format!("performance of all {workflows} workflows, {runs} runs"),
                &db.explain(sql::PERFORMANCE_ALL, &[]).await,
            );
            show_plan(
                &format!("performance of one of {workflows} workflows, {runs} runs"),
                &db.explain(sql::PERFORMANCE_ONE, &[&w0]).await,
            );
            show_plan(
                &format!("aggregate reference, {workflows} workflows, {runs} runs"),
                &db.explain(sql::PERFORMANCE_AGGREGATE, &[]).await,
            );
        });
        let (all, one) = rt.block_on(async {
            (
                db.pg.prepare(sql::PERFORMANCE_ALL).await.unwrap(),
                db.pg.prepare(sql::PERFORMANCE_ONE).await.unwrap(),
            )
        });
        let count = workflows as usize;

        let mut g = c.benchmark_group(format!("workflow_performance_{workflows}"));
        g.bench_function("sdk_all", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows = Workflows::performance_all(pool).await.unwrap();
                assert_eq!(rows.len(), count);
                rows
            })
        });
        g.bench_function("sqlx_all", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows: Vec<WorkflowPerformanceRow> = sqlx::query_as(sql::PERFORMANCE_ALL)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                assert_eq!(rows.len(), count);
                rows
            })
        });
        g.bench_function("tokio_postgres_all", |b| {
            b.to_async(&rt).iter(|| {
                let all = &all;
                async move {
                    let rows = db.pg.query(all, &[]).await.unwrap();
                    let out: Vec<_> = rows.iter().map(pg::performance).collect();
                    assert_eq!(out.len(), count);
                    out
                }
            })
        });
        let mut next = 0_i64;
        g.bench_function("sdk_one", |b| {
            b.to_async(&rt).iter(|| {
                next = (next + 1) % workflows;
                let id = WorkflowId(w0 + next);
                async move { Workflows::performance(pool, id).await.unwrap() }
            })
        });
        g.bench_function("tokio_postgres_one", |b| {
            b.to_async(&rt).iter(|| {
                next = (next + 1) % workflows;
                let id = w0 + next;
                let one = &one;
                async move { pg::performance(&db.pg.query_one(one, &[&id]).await.unwrap()) }
            })
        });
        g.bench_function("aggregate_reference", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows: Vec<WorkflowPerformanceRow> = sqlx::query_as(sql::PERFORMANCE_AGGREGATE)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                assert_eq!(rows.len(), count);
                rows
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = slow();
    targets = workflow_performance
}
criterion_main!(benches);
