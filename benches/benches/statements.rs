//! (2) Statement building only, no database: each hot statement built with sea-query the way the SDK
//! builds it, from the caller's form or filter to SQL text and bound values. Target: under 2 µs each.

use std::hint::black_box;

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use erp_benches::sql;
use erp_model::{
    ExecutionRunInsertForm, PersonId, ProjectId, RunStatus, RunType, Task, TaskId, TaskInsertForm,
    TaskPriority, TaskStatus, TaskUpdateForm, WorkflowId,
};
use erp_repo::bench_internals::ListFilter;
use erp_repo::bench_internals::{Table, finish_page, page_query, select};
use erp_repo::erp::{TaskFilter, TaskSort, Tasks};
use erp_repo::{PageRequest, SortOrder};
use rust_decimal::Decimal;
use sea_query::{Asterisk, Expr, ExprTrait, Order, PostgresQueryBuilder, Query};
use sea_query_sqlx::SqlxBinder;

fn a_task() -> Task {
    let at = Utc.with_ymd_and_hms(2025, 6, 2, 9, 0, 0).unwrap();
    Task {
        id: TaskId(4242),
        global_id: uuid::Uuid::nil(),
        title: "Write the benchmark report".into(),
        description: None,
        project_id: Some(ProjectId(7)),
        engagement_id: None,
        assignee_id: Some(PersonId(3)),
        status: TaskStatus::InProgress,
        priority: TaskPriority::High,
        due_date: None,
        estimated_hours: Some(Decimal::new(275, 2)),
        actual_hours: None,
        scheduled_start_date: NaiveDate::from_ymd_opt(2025, 6, 2),
        scheduled_end_date: None,
        tags: vec![],
        created_at: at,
        updated_at: at,
    }
}

fn statements(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");

    g.bench_function("select_by_id", |b| {
        b.iter(|| {
            let stmt = select::<Tasks>()
                .and_where(Expr::col("id").eq(black_box(4242_i64)))
                .to_owned();
            stmt.build_sqlx(PostgresQueryBuilder)
        })
    });

    let monday = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
    let sunday = NaiveDate::from_ymd_opt(2025, 6, 8).unwrap();
    g.bench_function("week_range_select", |b| {
        b.iter(|| {
            let filter = TaskFilter {
                scheduled_from: Some(black_box(monday)),
                scheduled_to: Some(black_box(sunday)),
                ..Default::default()
            };
            let stmt = select::<Tasks>()
                .cond_where(filter.condition().unwrap())
                .order_by("scheduled_start_date", Order::Asc)
                .order_by("id", Order::Asc)
                .to_owned();
            stmt.build_sqlx(PostgresQueryBuilder)
        })
    });

    g.bench_function("sprint_week_select", |b| {
        b.iter(|| {
            // Sprints::tasks: the view filtered on the sprint, by start then task id.
            let stmt = Query::select()
                .column(Asterisk)
                .from(("erp", "sprint_tasks"))
                .and_where(Expr::col("sprint_id").eq(black_box(123_i64)))
                .order_by("scheduled_start_date", Order::Asc)
                .order_by("task_id", Order::Asc)
                .to_owned();
            stmt.build_sqlx(PostgresQueryBuilder)
        })
    });

    let ordering = SortOrder::asc(TaskSort::CreatedAt);
    let cursor = finish_page(vec![a_task(), a_task()], ordering, 1)
        .unwrap()
        .next
        .expect("a next page");
    let page = PageRequest::after(100, cursor);
    g.bench_function("list_filter_keyset", |b| {
        b.iter(|| {
            let filter = TaskFilter {
                status: Some(vec![TaskStatus::NotStarted, TaskStatus::InProgress]),
                assignee_id: Some(PersonId(black_box(3))),
                ..Default::default()
            };
            let mut stmt = select::<Tasks>();
            stmt.cond_where(Tasks::filter_condition(&filter).unwrap());
            page_query(&mut stmt, ordering, &page).unwrap();
            stmt.build_sqlx(PostgresQueryBuilder)
        })
    });

    let first = PageRequest::first(100);
    g.bench_function("list_filter_first_page", |b| {
        // The same list without a cursor: what the cursor's check (signature, JSON) adds above.
        b.iter(|| {
            let filter = TaskFilter {
                status: Some(vec![TaskStatus::NotStarted, TaskStatus::InProgress]),
                assignee_id: Some(PersonId(black_box(3))),
                ..Default::default()
            };
            let mut stmt = select::<Tasks>();
            stmt.cond_where(Tasks::filter_condition(&filter).unwrap());
            page_query(&mut stmt, ordering, &first).unwrap();
            stmt.build_sqlx(PostgresQueryBuilder)
        })
    });

    let form = TaskInsertForm {
        project_id: Some(ProjectId(7)),
        status: Some(TaskStatus::NotStarted),
        priority: Some(TaskPriority::Medium),
        estimated_hours: Some(Decimal::new(275, 2)),
        scheduled_start_date: Some(monday),
        ..TaskInsertForm::new("Write the benchmark report")
    };
    g.bench_function("insert", |b| {
        b.iter(|| {
            // crud::insert: the form's set columns, VALUES, RETURNING *.
            let (columns, values): (Vec<_>, Vec<_>) = Tasks::insert_values(black_box(&form))
                .unwrap()
                .into_iter()
                .filter_map(|(c, v)| v.map(|v| (c, v)))
                .unzip();
            let mut stmt = Query::insert();
            stmt.into_table(("erp", "tasks"))
                .returning_all()
                .columns(columns);
            stmt.values(values).unwrap();
            stmt.build_sqlx(PostgresQueryBuilder)
        })
    });

    let change = TaskUpdateForm {
        priority: Some(TaskPriority::High),
        actual_hours: Some(Some(Decimal::new(275, 2))),
        ..Default::default()
    };
    g.bench_function("update", |b| {
        b.iter(|| {
            // crud::update: the form's set columns, by id, RETURNING *.
            let values = Tasks::update_values(black_box(&change)).unwrap();
            let stmt = Query::update()
                .table(("erp", "tasks"))
                .values(values)
                .and_where(Expr::col("id").eq(4242_i64))
                .returning_all()
                .to_owned();
            stmt.build_sqlx(PostgresQueryBuilder)
        })
    });

    g.bench_function("ingest_statement", |b| {
        // ExecutionRuns::ingest_runs writes its UNNEST statement as text (sea-query cannot express it);
        // its values are 15 arrays, whose cost grows with the rows and is part of benchmark (5).
        b.iter(sql::runs_unnest)
    });

    let started = Utc.with_ymd_and_hms(2025, 6, 2, 9, 0, 0).unwrap();
    let run = ExecutionRunInsertForm {
        run_type: Some(RunType::Process),
        workflow_id: Some(WorkflowId(3)),
        task_id: Some(TaskId(4242)),
        started_at: Some(started),
        ended_at: Some(started + chrono::TimeDelta::hours(2)),
        status: Some(RunStatus::Completed),
        ..Default::default()
    };
    g.bench_function("ingest_per_run_checks", |b| {
        // What ingest_runs does per run before binding: the insert form's checks.
        b.iter(|| erp_repo::erp::ExecutionRuns::insert_values(black_box(&run)).unwrap())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = erp_benches::quick();
    targets = statements
}
criterion_main!(benches);
