//! (1) Per-call overhead on the same server, data and pool: the SDK against hand-written sqlx with the
//! same SQL, SeaORM 2 with a hand-written entity, and tokio-postgres prepared statements as the floor;
//! then diesel_bench's workloads (trivial select of 1 and 10,000 rows, medium-complex left join, insert of
//! 100 rows) on people, projects and tasks.
//!
//! `sdk`, `sqlx` and `seaorm` run on the SDK's pool (one checkout per call); `sdk_conn` and `sqlx_conn`
//! run the same code on one sqlx connection outside the pool, comparable with `tokio_postgres` (one
//! connection). Each group is measured by criterion and then in paired rounds (see `paired`).

use std::cell::Cell;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use erp_benches::joined::ProjectWithTask;
use erp_benches::orm::{person, project, task};
use erp_benches::paired::{Call, compare};
use erp_benches::{BenchDb, data, pg, quick, runtime, sql};
use erp_model::{
    Person, PersonId, ProjectId, Task, TaskId, TaskInsertForm, TaskPriority, TaskStatus,
    TaskUpdateForm,
};
use erp_repo::bench_internals::{self as crud, select};
use erp_repo::erp::{People, TaskFilter, Tasks};
use erp_repo::{PageRequest, SortOrder};
use futures_util::FutureExt;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ActiveValue::Unchanged, ColumnTrait, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use sea_query::{Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sqlx::Connection;
use tokio_postgres::types::ToSql;

const OPEN: [TaskStatus; 3] = [
    TaskStatus::NotStarted,
    TaskStatus::InProgress,
    TaskStatus::Blocked,
];
const OPEN_LABELS: [&str; 3] = ["Not Started", "In Progress", "Blocked"];
const BASELINES: [&str; 2] = ["sqlx", "sqlx_conn"];

/// Ids cycling over `first .. first + count`.
struct Cycle {
    first: i64,
    count: i64,
    at: Cell<i64>,
}

impl Cycle {
    fn new(first: i64, count: i64) -> Cycle {
        Cycle {
            first,
            count,
            at: Cell::new(0),
        }
    }
    fn next(&self) -> i64 {
        let i = self.at.get();
        self.at.set((i + 1) % self.count);
        self.first + i
    }
}

/// One variant: a closure making a fresh future per call, boxed so variants can sit in one list.
macro_rules! call {
    ($name:literal, $body:expr) => {
        ($name, Box::new($body) as Call<'_>)
    };
}

fn filter_of(who: i64) -> TaskFilter {
    TaskFilter {
        status: Some(OPEN.to_vec()),
        assignee_id: Some(PersonId(who)),
        ..Default::default()
    }
}

fn per_call(c: &mut Criterion) {
    let rt = runtime();
    let db = rt.block_on(BenchDb::new());
    let inbox = rt.block_on(data::per_call(&db));
    let t0 = rt.block_on(data::first_id(&db, "erp.tasks"));
    let a0 = rt.block_on(data::first_id(&db, "erp.people"));
    let db = &db;
    let pool = db.pool();
    let orm = &db.orm;
    let conn = &db.conn;
    let tasks = &Cycle::new(t0, 10_000);
    let assignees = &Cycle::new(a0, 50);
    let hours = Decimal::new(275, 2);
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("a date");

    let prepared = rt.block_on(async {
        [
            sql::TASK_BY_ID,
            sql::TASK_LIST,
            sql::TASK_INSERT,
            sql::TASK_UPDATE,
        ]
        .map(|s| db.pg.prepare(s))
    });
    let prepared = rt
        .block_on(futures_util::future::try_join_all(prepared))
        .unwrap();
    let [by_id, list, insert, update] = [&prepared[0], &prepared[1], &prepared[2], &prepared[3]];

    compare(
        c,
        &rt,
        "get_by_id",
        vec![
            call!("sdk", move || {
                let id = tasks.next();
                async move {
                    black_box(Tasks::get(pool, TaskId(id)).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx", move || {
                let id = tasks.next();
                async move {
                    let task = sqlx::query_as::<_, Task>(sql::TASK_BY_ID)
                        .bind(id)
                        .fetch_optional(pool)
                        .await
                        .unwrap();
                    black_box(task.expect("the task"));
                }
                .boxed_local()
            }),
            call!("seaorm", move || {
                let id = tasks.next();
                async move {
                    let task = task::Entity::find_by_id(id).one(orm).await.unwrap();
                    black_box(task.expect("the task"));
                }
                .boxed_local()
            }),
            call!("sdk_conn", move || {
                let id = tasks.next();
                async move {
                    let mut c = conn.lock().await;
                    black_box(Tasks::get(&mut *c, TaskId(id)).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx_conn", move || {
                let id = tasks.next();
                async move {
                    let mut c = conn.lock().await;
                    let task = sqlx::query_as::<_, Task>(sql::TASK_BY_ID)
                        .bind(id)
                        .fetch_optional(&mut *c)
                        .await
                        .unwrap();
                    black_box(task.expect("the task"));
                }
                .boxed_local()
            }),
            call!("tokio_postgres", move || {
                let id = tasks.next();
                async move {
                    let row = db.pg.query_opt(by_id, &[&id]).await.unwrap();
                    black_box(pg::task(&row.expect("the task")));
                }
                .boxed_local()
            }),
        ],
        &BASELINES,
    );

    compare(
        c,
        &rt,
        "list_100_filtered",
        vec![
            call!("sdk", move || {
                let filter = filter_of(assignees.next());
                async move {
                    let page = Tasks::list(
                        pool,
                        &filter,
                        SortOrder::default(),
                        &PageRequest::first(100),
                    )
                    .await
                    .unwrap();
                    assert_eq!(page.items.len(), 100);
                    black_box(page);
                }
                .boxed_local()
            }),
            call!("sqlx", move || {
                let who = assignees.next();
                async move {
                    let mut rows = sqlx::query_as::<_, Task>(sql::TASK_LIST)
                        .bind(OPEN_LABELS.as_slice())
                        .bind(who)
                        .bind(101_i64)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                    rows.truncate(100);
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("seaorm", move || {
                let who = assignees.next();
                async move {
                    let mut rows = task::Entity::find()
                        .filter(task::Column::Status.is_in(OPEN_LABELS))
                        .filter(task::Column::AssigneeId.eq(who))
                        .order_by_asc(task::Column::Id)
                        .limit(101)
                        .all(orm)
                        .await
                        .unwrap();
                    rows.truncate(100);
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("sdk_conn", move || {
                let filter = filter_of(assignees.next());
                async move {
                    let mut c = conn.lock().await;
                    let page = Tasks::list(
                        &mut *c,
                        &filter,
                        SortOrder::default(),
                        &PageRequest::first(100),
                    )
                    .await
                    .unwrap();
                    assert_eq!(page.items.len(), 100);
                    black_box(page);
                }
                .boxed_local()
            }),
            call!("sqlx_conn", move || {
                let who = assignees.next();
                async move {
                    let mut c = conn.lock().await;
                    let mut rows = sqlx::query_as::<_, Task>(sql::TASK_LIST)
                        .bind(OPEN_LABELS.as_slice())
                        .bind(who)
                        .bind(101_i64)
                        .fetch_all(&mut *c)
                        .await
                        .unwrap();
                    rows.truncate(100);
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("tokio_postgres", move || {
                let who = assignees.next();
                async move {
                    let rows = db
                        .pg
                        .query(list, &[&OPEN_LABELS.as_slice(), &who, &101_i64])
                        .await
                        .unwrap();
                    let tasks: Vec<Task> = rows.iter().take(100).map(pg::task).collect();
                    assert_eq!(tasks.len(), 100);
                    black_box(tasks);
                }
                .boxed_local()
            }),
        ],
        &BASELINES,
    );

    let form = &TaskInsertForm {
        project_id: Some(ProjectId(inbox)),
        status: Some(TaskStatus::NotStarted),
        priority: Some(TaskPriority::Medium),
        estimated_hours: Some(hours),
        scheduled_start_date: Some(day),
        ..TaskInsertForm::new("Write the benchmark report")
    };
    compare(
        c,
        &rt,
        "insert_one",
        vec![
            call!("sdk", move || {
                async move {
                    black_box(Tasks::insert(pool, form).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx", move || {
                async move {
                    let task = sqlx::query_as::<_, Task>(sql::TASK_INSERT)
                        .bind(&form.title)
                        .bind(inbox)
                        .bind(TaskStatus::NotStarted)
                        .bind(TaskPriority::Medium)
                        .bind(hours)
                        .bind(day)
                        .fetch_one(pool)
                        .await
                        .unwrap();
                    black_box(task);
                }
                .boxed_local()
            }),
            call!("seaorm", move || {
                async move {
                    let task = task::ActiveModel {
                        title: Set(form.title.clone()),
                        project_id: Set(Some(inbox)),
                        status: Set("Not Started".to_owned()),
                        priority: Set("Medium".to_owned()),
                        estimated_hours: Set(Some(hours)),
                        scheduled_start_date: Set(Some(day)),
                        ..Default::default()
                    }
                    .insert(orm)
                    .await
                    .unwrap();
                    black_box(task);
                }
                .boxed_local()
            }),
            call!("sdk_conn", move || {
                async move {
                    let mut c = conn.lock().await;
                    black_box(Tasks::insert(&mut *c, form).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx_conn", move || {
                async move {
                    let mut c = conn.lock().await;
                    let task = sqlx::query_as::<_, Task>(sql::TASK_INSERT)
                        .bind(&form.title)
                        .bind(inbox)
                        .bind(TaskStatus::NotStarted)
                        .bind(TaskPriority::Medium)
                        .bind(hours)
                        .bind(day)
                        .fetch_one(&mut *c)
                        .await
                        .unwrap();
                    black_box(task);
                }
                .boxed_local()
            }),
            call!("tokio_postgres", move || {
                async move {
                    let row = db
                        .pg
                        .query_one(
                            insert,
                            &[&form.title, &inbox, &"Not Started", &"Medium", &hours, &day],
                        )
                        .await
                        .unwrap();
                    black_box(pg::task(&row));
                }
                .boxed_local()
            }),
        ],
        &BASELINES,
    );

    let change = &TaskUpdateForm {
        priority: Some(TaskPriority::High),
        actual_hours: Some(Some(hours)),
        ..Default::default()
    };
    compare(
        c,
        &rt,
        "update_one",
        vec![
            call!("sdk", move || {
                let id = tasks.next();
                async move {
                    black_box(Tasks::update(pool, TaskId(id), change).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx", move || {
                let id = tasks.next();
                async move {
                    let task = sqlx::query_as::<_, Task>(sql::TASK_UPDATE)
                        .bind(TaskPriority::High)
                        .bind(hours)
                        .bind(id)
                        .fetch_optional(pool)
                        .await
                        .unwrap();
                    black_box(task.expect("the task"));
                }
                .boxed_local()
            }),
            call!("seaorm", move || {
                let id = tasks.next();
                async move {
                    let task = task::ActiveModel {
                        id: Unchanged(id),
                        priority: Set("High".to_owned()),
                        actual_hours: Set(Some(hours)),
                        ..Default::default()
                    }
                    .update(orm)
                    .await
                    .unwrap();
                    black_box(task);
                }
                .boxed_local()
            }),
            call!("sdk_conn", move || {
                let id = tasks.next();
                async move {
                    let mut c = conn.lock().await;
                    black_box(Tasks::update(&mut *c, TaskId(id), change).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx_conn", move || {
                let id = tasks.next();
                async move {
                    let mut c = conn.lock().await;
                    let task = sqlx::query_as::<_, Task>(sql::TASK_UPDATE)
                        .bind(TaskPriority::High)
                        .bind(hours)
                        .bind(id)
                        .fetch_optional(&mut *c)
                        .await
                        .unwrap();
                    black_box(task.expect("the task"));
                }
                .boxed_local()
            }),
            call!("tokio_postgres", move || {
                let id = tasks.next();
                async move {
                    let row = db
                        .pg
                        .query_opt(update, &[&"High", &hours, &id])
                        .await
                        .unwrap();
                    black_box(pg::task(&row.expect("the task")));
                }
                .boxed_local()
            }),
        ],
        &BASELINES,
    );

    isolated_get(c, &rt, db, t0);
    span_cost(c);
    diesel_workloads(c, &rt, db, inbox);
    if !criterion_filtered_out_all() {
        client_cost(&rt, db, t0, form, change);
    }
}

/// Whether a name filter on the command line leaves out every pooled single-row group (then skip
/// [`client_cost`]).
fn criterion_filtered_out_all() -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    !filters.is_empty() && !filters.iter().any(|f| "client_cost".contains(f.as_str()))
}

/// On-CPU nanoseconds of this thread so far (`/proc/thread-self/schedstat`, first field). The runtime is
/// current-thread, so this is all the client's work: the SDK's, sqlx's and the pool's tasks.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn median_of(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// (1) for issue 14: the pooled single-row rows taken apart by what each variant costs the client. The
/// SDK and hand-written sqlx on the pool, in alternating chunks of 200 calls (20 rounds each), measuring
/// the wall time and the thread's on-CPU time per call; then the statements each call sends (sqlx's
/// statement log, installed only here, at the end: it slows every call). Same statements and a client
/// CPU difference of about the statement building means the rest of any wall-clock gap is waiting,
/// which the SDK's code does not choose.
fn client_cost(
    rt: &tokio::runtime::Runtime,
    db: &BenchDb,
    t0: i64,
    form: &TaskInsertForm,
    change: &TaskUpdateForm,
) {
    let pool = db.pool();
    let tasks = &Cycle::new(t0, 10_000);
    let assignees = &Cycle::new(rt.block_on(data::first_id(db, "erp.people")), 50);
    let hours = Decimal::new(275, 2);
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("a date");
    let inbox = form.project_id.expect("the inbox").0;
    let pairs: Vec<(&str, Call<'_>, Call<'_>)> = vec![
        (
            "get_by_id",
            Box::new(move || {
                let id = tasks.next();
                async move {
                    black_box(Tasks::get(pool, TaskId(id)).await.unwrap());
                }
                .boxed_local()
            }),
            Box::new(move || {
                let id = tasks.next();
                async move {
                    let q = sqlx::query_as::<_, Task>(sql::TASK_BY_ID).bind(id);
                    black_box(q.fetch_optional(pool).await.unwrap().expect("the task"));
                }
                .boxed_local()
            }),
        ),
        (
            "insert_one",
            Box::new(move || {
                async move {
                    black_box(Tasks::insert(pool, form).await.unwrap());
                }
                .boxed_local()
            }),
            Box::new(move || {
                async move {
                    let task = sqlx::query_as::<_, Task>(sql::TASK_INSERT)
                        .bind(&form.title)
                        .bind(inbox)
                        .bind(TaskStatus::NotStarted)
                        .bind(TaskPriority::Medium)
                        .bind(hours)
                        .bind(day)
                        .fetch_one(pool)
                        .await
                        .unwrap();
                    black_box(task);
                }
                .boxed_local()
            }),
        ),
        (
            "update_one",
            Box::new(move || {
                let id = tasks.next();
                async move {
                    black_box(Tasks::update(pool, TaskId(id), change).await.unwrap());
                }
                .boxed_local()
            }),
            Box::new(move || {
                let id = tasks.next();
                async move {
                    let task = sqlx::query_as::<_, Task>(sql::TASK_UPDATE)
                        .bind(TaskPriority::High)
                        .bind(hours)
                        .bind(id)
                        .fetch_optional(pool)
                        .await
                        .unwrap();
                    black_box(task.expect("the task"));
                }
                .boxed_local()
            }),
        ),
        (
            "list_100_filtered",
            Box::new(move || {
                let filter = filter_of(assignees.next());
                async move {
                    let page = Tasks::list(
                        pool,
                        &filter,
                        SortOrder::default(),
                        &PageRequest::first(100),
                    )
                    .await
                    .unwrap();
                    black_box(page);
                }
                .boxed_local()
            }),
            Box::new(move || {
                let who = assignees.next();
                async move {
                    let mut rows = sqlx::query_as::<_, Task>(sql::TASK_LIST)
                        .bind(OPEN_LABELS.as_slice())
                        .bind(who)
                        .bind(101_i64)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                    rows.truncate(100);
                    black_box(rows);
                }
                .boxed_local()
            }),
        ),
    ];
    const CHUNK: usize = 200;
    const CHUNK_ROUNDS: usize = 20;
    let mut pairs = pairs;
    let mut text =
        String::from("\nclient cost, pool, SDK vs sqlx (20 rounds of 200 calls each):\n");
    for (name, sdk, sqlx) in pairs.iter_mut() {
        // wall ns/call and on-CPU ns/call, per round, for [sdk, sqlx]
        let mut wall = [Vec::new(), Vec::new()];
        let mut cpu = [Vec::new(), Vec::new()];
        rt.block_on(async {
            for round in 0..CHUNK_ROUNDS {
                for k in 0..2 {
                    let v = (round + k) % 2;
                    let call = if v == 0 { &mut *sdk } else { &mut *sqlx };
                    let (c0, t) = (thread_cpu_ns(), std::time::Instant::now());
                    for _ in 0..CHUNK {
                        call().await;
                    }
                    wall[v].push(t.elapsed().as_nanos() as f64 / CHUNK as f64);
                    cpu[v].push((thread_cpu_ns() - c0) as f64 / CHUNK as f64);
                }
            }
        });
        let ratio =
            |m: &[Vec<f64>; 2]| median_of(m[0].iter().zip(&m[1]).map(|(a, b)| a / b).collect());
        text.push_str(&format!(
            "  {name:<18} wall: sdk {:>7.1} µs, sqlx {:>7.1} µs, {:.3}×   client CPU: sdk {:>6.1} µs, sqlx {:>6.1} µs, {:.3}×, difference {:+.1} µs\n",
            median_of(wall[0].clone()) / 1e3,
            median_of(wall[1].clone()) / 1e3,
            ratio(&wall),
            median_of(cpu[0].clone()) / 1e3,
            median_of(cpu[1].clone()) / 1e3,
            ratio(&cpu),
            median_of(cpu[0].iter().zip(&cpu[1]).map(|(a, b)| a - b).collect()) / 1e3,
        ));
    }
    // Statements per call, from sqlx's own log (pings are not statements and are not logged).
    erp_benches::capture::install();
    for (name, sdk, sqlx) in pairs.iter_mut() {
        let mut counts = [0; 2];
        for (v, call) in [&mut *sdk, &mut *sqlx].into_iter().enumerate() {
            let before = erp_benches::capture::statements().len();
            rt.block_on(async {
                for _ in 0..10 {
                    call().await;
                }
            });
            counts[v] = erp_benches::capture::statements().len() - before;
        }
        text.push_str(&format!(
            "  {name:<18} statements per call: sdk {:.1}, sqlx {:.1}\n",
            counts[0] as f64 / 10.0,
            counts[1] as f64 / 10.0
        ));
    }
    eprint!("{text}");
}

/// The tracing target's denominator-free half: what `crud::traced` (the span every repository call runs
/// in) costs with no subscriber, in nanoseconds, around a future that is ready at once, beside the same
/// future without it. The per-call ratio is then `(call + (traced - bare)) / call` with the call's time
/// from `get_by_id_isolated` in the same run: a few nanoseconds against tens of microseconds, far below
/// what paired rounds of whole calls can resolve.
fn span_cost(c: &mut Criterion) {
    let ready = || async { Ok::<u64, erp_repo::Error>(black_box(1)) };
    let mut g = c.benchmark_group("span_cost");
    g.bench_function("bare", |b| {
        b.iter(|| black_box(ready().now_or_never().expect("ready").unwrap()))
    });
    g.bench_function("traced", |b| {
        b.iter(|| {
            let call = crud::traced(black_box("erp.tasks"), "get", |_| 1, ready());
            black_box(call.now_or_never().expect("ready").unwrap())
        })
    });
    g.finish();
}

/// The span every SDK call runs in, exactly as `erp_repo::crud::traced` makes it (copied: it is
/// crate-private), around a call that is not the SDK's; so its cost is measured without the SDK's other
/// work.
async fn in_span<R>(call: impl Future<Output = R>) -> R {
    use tracing::Instrument;
    let span = tracing::debug_span!(
        "erp_repo",
        table = "erp.tasks",
        op = "get",
        rows = tracing::field::Empty,
        error = tracing::field::Empty
    );
    let out = call.instrument(span.clone()).await;
    if !span.is_disabled() {
        span.record("rows", 1_u64);
    }
    out
}

/// (1) and the tracing target, get by id taken apart: the pool's executor against acquiring first and
/// running on the checked-out connection, and the SDK's span around hand-written sqlx, on the pool and
/// on one connection.
fn isolated_get(c: &mut Criterion, rt: &tokio::runtime::Runtime, db: &BenchDb, t0: i64) {
    let pool = db.pool();
    let conn = &db.conn;
    let tasks = &Cycle::new(t0, 10_000);
    let by_id = |id: i64| sqlx::query_as::<_, Task>(sql::TASK_BY_ID).bind(id);
    compare(
        c,
        rt,
        "get_by_id_isolated",
        vec![
            call!("sqlx", move || {
                let id = tasks.next();
                async move {
                    black_box(by_id(id).fetch_one(pool).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sdk", move || {
                let id = tasks.next();
                async move {
                    black_box(Tasks::get(pool, TaskId(id)).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx_acquired", move || {
                let id = tasks.next();
                async move {
                    let mut c = pool.acquire().await.unwrap();
                    black_box(by_id(id).fetch_one(&mut *c).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sdk_acquired", move || {
                let id = tasks.next();
                async move {
                    let mut c = pool.acquire().await.unwrap();
                    black_box(Tasks::get(&mut *c, TaskId(id)).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx_in_span", move || {
                let id = tasks.next();
                async move {
                    black_box(in_span(by_id(id).fetch_one(pool)).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx_conn", move || {
                let id = tasks.next();
                async move {
                    let mut c = conn.lock().await;
                    black_box(by_id(id).fetch_one(&mut *c).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sqlx_conn_in_span", move || {
                let id = tasks.next();
                async move {
                    let mut c = conn.lock().await;
                    black_box(in_span(by_id(id).fetch_one(&mut *c)).await.unwrap());
                }
                .boxed_local()
            }),
            call!("sdk_conn", move || {
                let id = tasks.next();
                async move {
                    let mut c = conn.lock().await;
                    black_box(Tasks::get(&mut *c, TaskId(id)).await.unwrap());
                }
                .boxed_local()
            }),
        ],
        &BASELINES,
    );
}

/// The SDK's own path for a statement without a repository method: built with sea-query, run through
/// `crud::fetch_all` (list pages stop at 1,000 rows, so the 10,000-row select cannot be a list call).
fn people_first(n: i64) -> SelectStatement {
    select::<People>()
        .order_by("id", Order::Asc)
        .limit(n as u64)
        .to_owned()
}

/// The "medium complex" join as the SDK would build it.
fn projects_with_tasks(owner: i64) -> SelectStatement {
    Query::select()
        .column((Alias::new("p"), Asterisk))
        .column((Alias::new("t"), Asterisk))
        .from_as(("erp", "projects"), "p")
        .join_as(
            JoinType::LeftJoin,
            ("erp", "tasks"),
            "t",
            Expr::col(("t", "project_id")).equals(("p", "id")),
        )
        .and_where(Expr::col(("p", "owner_person_id")).eq(owner))
        .to_owned()
}

/// diesel_bench's workloads on people, projects and tasks.
fn diesel_workloads(c: &mut Criterion, rt: &tokio::runtime::Runtime, db: &BenchDb, inbox: i64) {
    let pool = db.pool();
    let orm = &db.orm;
    let conn = &db.conn;
    let a0 = rt.block_on(data::first_id(db, "erp.people"));
    // The first 100 people own 10 projects of 10 tasks each: 100 joined rows per call.
    let owners = &Cycle::new(a0, 100);
    let insert_sql = sql::task_insert_many(100);
    let insert_sql = insert_sql.as_str();
    let prepared = rt
        .block_on(futures_util::future::try_join_all([
            db.pg.prepare(sql::PEOPLE_FIRST),
            db.pg.prepare(sql::PROJECTS_WITH_TASKS),
            db.pg.prepare(insert_sql),
        ]))
        .unwrap();
    let [first, joined, insert] = [&prepared[0], &prepared[1], &prepared[2]];

    for n in [1_i64, 10_000] {
        compare(
            c,
            rt,
            &format!("diesel_trivial_{n}"),
            vec![
                call!("sdk", move || {
                    async move {
                        let rows: Vec<Person> =
                            crud::fetch_all(pool, &people_first(n)).await.unwrap();
                        assert_eq!(rows.len() as i64, n);
                        black_box(rows);
                    }
                    .boxed_local()
                }),
                call!("sqlx", move || {
                    async move {
                        let rows = sqlx::query_as::<_, Person>(sql::PEOPLE_FIRST)
                            .bind(n)
                            .fetch_all(pool)
                            .await
                            .unwrap();
                        assert_eq!(rows.len() as i64, n);
                        black_box(rows);
                    }
                    .boxed_local()
                }),
                call!("seaorm", move || {
                    async move {
                        let rows = person::Entity::find()
                            .order_by_asc(person::Column::Id)
                            .limit(n as u64)
                            .all(orm)
                            .await
                            .unwrap();
                        assert_eq!(rows.len() as i64, n);
                        black_box(rows);
                    }
                    .boxed_local()
                }),
                call!("sdk_conn", move || {
                    async move {
                        let mut c = conn.lock().await;
                        let rows: Vec<Person> =
                            crud::fetch_all(&mut *c, &people_first(n)).await.unwrap();
                        assert_eq!(rows.len() as i64, n);
                        black_box(rows);
                    }
                    .boxed_local()
                }),
                call!("sqlx_conn", move || {
                    async move {
                        let mut c = conn.lock().await;
                        let rows = sqlx::query_as::<_, Person>(sql::PEOPLE_FIRST)
                            .bind(n)
                            .fetch_all(&mut *c)
                            .await
                            .unwrap();
                        assert_eq!(rows.len() as i64, n);
                        black_box(rows);
                    }
                    .boxed_local()
                }),
                call!("tokio_postgres", move || {
                    async move {
                        let rows = db.pg.query(first, &[&n]).await.unwrap();
                        let people: Vec<Person> = rows.iter().map(pg::person).collect();
                        assert_eq!(people.len() as i64, n);
                        black_box(people);
                    }
                    .boxed_local()
                }),
            ],
            &BASELINES,
        );
    }

    compare(
        c,
        rt,
        "diesel_medium_complex",
        vec![
            call!("sdk", move || {
                let owner = owners.next();
                async move {
                    let rows: Vec<ProjectWithTask> =
                        crud::fetch_all(pool, &projects_with_tasks(owner))
                            .await
                            .unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("sqlx", move || {
                let owner = owners.next();
                async move {
                    let rows = sqlx::query_as::<_, ProjectWithTask>(sql::PROJECTS_WITH_TASKS)
                        .bind(owner)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("seaorm", move || {
                let owner = owners.next();
                async move {
                    let rows = project::Entity::find()
                        .find_also_related(task::Entity)
                        .filter(project::Column::OwnerPersonId.eq(owner))
                        .all(orm)
                        .await
                        .unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("sdk_conn", move || {
                let owner = owners.next();
                async move {
                    let mut c = conn.lock().await;
                    let rows: Vec<ProjectWithTask> =
                        crud::fetch_all(&mut *c, &projects_with_tasks(owner))
                            .await
                            .unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("sqlx_conn", move || {
                let owner = owners.next();
                async move {
                    let mut c = conn.lock().await;
                    let rows = sqlx::query_as::<_, ProjectWithTask>(sql::PROJECTS_WITH_TASKS)
                        .bind(owner)
                        .fetch_all(&mut *c)
                        .await
                        .unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("tokio_postgres", move || {
                let owner = owners.next();
                async move {
                    let rows = db.pg.query(joined, &[&owner]).await.unwrap();
                    let out: Vec<_> = rows.iter().map(pg::project_with_task).collect();
                    assert_eq!(out.len(), 100);
                    black_box(out);
                }
                .boxed_local()
            }),
        ],
        &BASELINES,
    );

    let hours = Decimal::new(150, 2);
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("a date");
    let forms: &Vec<TaskInsertForm> = &(0..100)
        .map(|i| TaskInsertForm {
            project_id: Some(ProjectId(inbox)),
            status: Some(TaskStatus::NotStarted),
            priority: Some(TaskPriority::Low),
            estimated_hours: Some(hours),
            scheduled_start_date: Some(day),
            ..TaskInsertForm::new(format!("Imported task {i}"))
        })
        .collect();
    // The hand-written multi-row insert: the SDK's SQL text, made once, and 600 binds per call.
    let bind_all = move || {
        let mut q = sqlx::query_as::<_, Task>(sqlx::AssertSqlSafe(insert_sql));
        for f in forms {
            q = q
                .bind(&f.title)
                .bind(inbox)
                .bind(TaskStatus::NotStarted)
                .bind(TaskPriority::Low)
                .bind(hours)
                .bind(day);
        }
        q
    };
    compare(
        c,
        rt,
        "diesel_insert_100",
        vec![
            call!("sdk", move || {
                async move {
                    let mut c = pool.acquire().await.unwrap();
                    let rows = Tasks::insert_many(&mut c, forms).await.unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("sqlx", move || {
                async move {
                    let mut tx = pool.begin().await.unwrap();
                    let q = bind_all();
                    let rows = q.fetch_all(&mut *tx).await.unwrap();
                    tx.commit().await.unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("seaorm", move || {
                async move {
                    let txn = orm.begin().await.unwrap();
                    let models = forms.iter().map(|f| task::ActiveModel {
                        title: Set(f.title.clone()),
                        project_id: Set(Some(inbox)),
                        status: Set("Not Started".to_owned()),
                        priority: Set("Low".to_owned()),
                        estimated_hours: Set(Some(hours)),
                        scheduled_start_date: Set(Some(day)),
                        ..Default::default()
                    });
                    let rows = task::Entity::insert_many(models)
                        .exec_with_returning(&txn)
                        .await
                        .unwrap();
                    txn.commit().await.unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("sdk_conn", move || {
                async move {
                    let mut c = conn.lock().await;
                    let rows = Tasks::insert_many(&mut *c, forms).await.unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("sqlx_conn", move || {
                async move {
                    let mut c = conn.lock().await;
                    let mut tx = c.begin().await.unwrap();
                    let q = bind_all();
                    let rows = q.fetch_all(&mut *tx).await.unwrap();
                    tx.commit().await.unwrap();
                    assert_eq!(rows.len(), 100);
                    black_box(rows);
                }
                .boxed_local()
            }),
            call!("tokio_postgres", move || {
                async move {
                    let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(600);
                    for f in forms {
                        params.extend([
                            &f.title as &(dyn ToSql + Sync),
                            &inbox,
                            &"Not Started",
                            &"Low",
                            &hours,
                            &day,
                        ]);
                    }
                    db.pg.batch_execute("BEGIN").await.unwrap();
                    let rows = db.pg.query(insert, &params).await.unwrap();
                    db.pg.batch_execute("COMMIT").await.unwrap();
                    let out: Vec<Task> = rows.iter().map(pg::task).collect();
                    assert_eq!(out.len(), 100);
                    black_box(out);
                }
                .boxed_local()
            }),
        ],
        &BASELINES,
    );
}

criterion_group! {
    name = benches;
    config = quick();
    targets = per_call
}
criterion_main!(benches);
