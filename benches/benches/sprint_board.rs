//! (3) The sprint board of one week with 10 k and 100 k tasks (and 1 M with `ERP_BENCH_FULL=1`) spread
//! over five years: the first page of 50 and the whole week, through the SDK (`Sprints::tasks_page`,
//! `Sprints::tasks`, `Sprints::board`), the same SQL by hand in sqlx and tokio-postgres, `erp.sprint_tasks`
//! read straight from SQL as a BI tool would (`WHERE sprint_id = $1 ... LIMIT 50`, and the whole week),
//! and, for reference, the SDK's shape before migration 0015 and the week read straight from
//! `erp.tasks` by date range.

use criterion::{Criterion, criterion_group, criterion_main};
use erp_benches::{BenchDb, data, full, pg, runtime, show_plan, slow, sql};
use erp_model::{IsoWeek, SprintId, SprintTask};
use erp_repo::PageRequest;
use erp_repo::erp::Sprints;

fn sprint_board(c: &mut Criterion) {
    let rt = runtime();
    let mut sizes = vec![10_000_i64, 100_000];
    if full() {
        sizes.push(1_000_000);
    }
    for n in sizes {
        let db = rt.block_on(BenchDb::new());
        let started = std::time::Instant::now();
        rt.block_on(data::sprint_board(&db, n));
        eprintln!("sprint board: {n} tasks loaded in {:?}", started.elapsed());
        let (sprint, monday, sunday) = rt.block_on(data::board_sprint(&db));
        let week = IsoWeek::of(monday);
        let in_week: i64 = rt
            .block_on(db.pg.query_one(
                "SELECT count(*) FROM erp.tasks WHERE scheduled_start_date BETWEEN $1 AND $2",
                &[&monday, &sunday],
            ))
            .unwrap()
            .get(0);
        eprintln!("sprint board: {n} tasks, {in_week} in {}", week.name());
        let vm = rt
            .block_on(db.pg.query_one(
                "SELECT relpages, relallvisible FROM pg_class WHERE oid = 'erp.tasks'::regclass",
                &[],
            ))
            .unwrap();
        // Index-only scans skip the heap only on pages the visibility map marks all-visible.
        eprintln!(
            "sprint board: erp.tasks {} pages, {} all-visible",
            vm.get::<_, i32>(0),
            vm.get::<_, i32>(1)
        );
        rt.block_on(async {
            show_plan(
                &format!("first page, {n} tasks"),
                &db.explain(sql::SPRINT_PAGE, &[&sprint, &51_i64]).await,
            );
            show_plan(
                &format!("first page, the SDK's shape before 0015 (reference), {n} tasks"),
                &db.explain(sql::SPRINT_PAGE_BOUNDED, &[&sprint, &51_i64])
                    .await,
            );
            show_plan(
                &format!("erp.sprint_tasks straight from SQL, first 50, {n} tasks"),
                &db.explain(sql::SPRINT_VIEW_PAGE, &[&sprint]).await,
            );
            show_plan(
                &format!("whole week, {n} tasks"),
                &db.explain(sql::SPRINT_WEEK, &[&sprint]).await,
            );
            show_plan(
                &format!("erp.sprint_tasks straight from SQL, whole week, {n} tasks"),
                &db.explain(sql::SPRINT_VIEW_WEEK, &[&sprint]).await,
            );
        });
        let (page, bounded, whole, range) = rt.block_on(async {
            (
                db.pg.prepare(sql::SPRINT_PAGE).await.unwrap(),
                db.pg.prepare(sql::SPRINT_PAGE_BOUNDED).await.unwrap(),
                db.pg.prepare(sql::SPRINT_WEEK).await.unwrap(),
                db.pg.prepare(sql::WEEK_RANGE).await.unwrap(),
            )
        });
        let db = &db;
        let pool = db.pool();
        let first = PageRequest::first(50);
        let first = &first;
        let page_len = in_week.min(50) as usize;
        let week_len = in_week as usize;

        let mut g = c.benchmark_group(format!("sprint_first_page_{n}"));
        g.bench_function("sdk", |b| {
            b.to_async(&rt).iter(|| async move {
                let p = Sprints::tasks_page(pool, SprintId(sprint), first)
                    .await
                    .unwrap();
                assert_eq!(p.items.len(), page_len);
                p
            })
        });
        g.bench_function("sqlx", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows = sqlx::query_as::<_, SprintTask>(sql::SPRINT_PAGE)
                    .bind(sprint)
                    .bind(51_i64)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                assert!(rows.len() >= page_len);
                rows
            })
        });
        g.bench_function("tokio_postgres", |b| {
            b.to_async(&rt).iter(|| {
                let page = &page;
                async move {
                    let rows = db.pg.query(page, &[&sprint, &51_i64]).await.unwrap();
                    let out: Vec<SprintTask> = rows.iter().map(pg::sprint_task).collect();
                    assert!(out.len() >= page_len);
                    out
                }
            })
        });
        g.bench_function("bounded_view_reference", |b| {
            b.to_async(&rt).iter(|| {
                let bounded = &bounded;
                async move {
                    let rows = db.pg.query(bounded, &[&sprint, &51_i64]).await.unwrap();
                    let out: Vec<SprintTask> = rows.iter().map(pg::sprint_task).collect();
                    assert!(out.len() >= page_len);
                    out
                }
            })
        });
        g.bench_function("view_straight_from_sql", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows = sqlx::query_as::<_, SprintTask>(sql::SPRINT_VIEW_PAGE)
                    .bind(sprint)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                assert_eq!(rows.len(), page_len);
                rows
            })
        });
        g.bench_function("tasks_range_reference", |b| {
            b.to_async(&rt).iter(|| {
                let range = &range;
                async move {
                    let rows = db
                        .pg
                        .query(range, &[&monday, &sunday, &51_i64])
                        .await
                        .unwrap();
                    assert!(rows.len() >= page_len);
                    rows
                }
            })
        });
        g.finish();

        let mut g = c.benchmark_group(format!("sprint_whole_week_{n}"));
        g.bench_function("sdk", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows = Sprints::tasks(pool, SprintId(sprint)).await.unwrap();
                assert_eq!(rows.len(), week_len);
                rows
            })
        });
        g.bench_function("sdk_board", |b| {
            b.to_async(&rt).iter(|| async move {
                let mut conn = pool.acquire().await.unwrap();
                let board = Sprints::board(&mut conn, week).await.unwrap();
                assert_eq!(board.tasks.len(), week_len);
                board
            })
        });
        g.bench_function("sqlx", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows = sqlx::query_as::<_, SprintTask>(sql::SPRINT_WEEK)
                    .bind(sprint)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                assert_eq!(rows.len(), week_len);
                rows
            })
        });
        g.bench_function("sqlx_positional", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows = sqlx::query(sql::SPRINT_WEEK)
                    .bind(sprint)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                let out: Vec<SprintTask> = rows.iter().map(sprint_task_at).collect();
                assert_eq!(out.len(), week_len);
                out
            })
        });
        g.bench_function("tokio_postgres", |b| {
            b.to_async(&rt).iter(|| {
                let whole = &whole;
                async move {
                    let rows = db.pg.query(whole, &[&sprint]).await.unwrap();
                    let out: Vec<SprintTask> = rows.iter().map(pg::sprint_task).collect();
                    assert_eq!(out.len(), week_len);
                    out
                }
            })
        });
        g.bench_function("view_straight_from_sql", |b| {
            b.to_async(&rt).iter(|| async move {
                let rows = sqlx::query_as::<_, SprintTask>(sql::SPRINT_VIEW_WEEK)
                    .bind(sprint)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                assert_eq!(rows.len(), week_len);
                rows
            })
        });
        g.bench_function("tasks_range_reference", |b| {
            b.to_async(&rt).iter(|| {
                let range = &range;
                async move {
                    let rows = db
                        .pg
                        .query(range, &[&monday, &sunday, &i64::MAX])
                        .await
                        .unwrap();
                    assert_eq!(rows.len(), week_len);
                    rows
                }
            })
        });
        g.finish();
    }
}

/// A row of `sql::SPRINT_WEEK` decoded by column position, not by name as sqlx's derived `FromRow`
/// does: how much of sqlx's cost over tokio-postgres is the name lookup.
fn sprint_task_at(row: &sqlx::postgres::PgRow) -> SprintTask {
    use sqlx::Row;
    SprintTask {
        sprint_id: row.get(0),
        sprint_name: row.get(1),
        task_id: row.get(2),
        title: row.get(3),
        status: row.get(4),
        priority: row.get(5),
        project_id: row.get(6),
        assignee_id: row.get(7),
        scheduled_start_date: row.get(8),
        scheduled_end_date: row.get(9),
        estimated_hours: row.get(10),
    }
}

criterion_group! {
    name = benches;
    config = slow().sample_size(20);
    targets = sprint_board
}
criterion_main!(benches);
