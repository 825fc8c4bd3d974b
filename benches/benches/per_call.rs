//! (1) Per-call overhead on the same server, data and pool: the SDK against hand-written sqlx with the
//! same SQL, SeaORM 2 with a hand-written entity, and tokio-postgres prepared statements as the floor;
//! then diesel_bench's workloads (trivial select of 1 and 10,000 rows, medium-complex left join, insert of
//! 100 rows) on people, projects and tasks.

use std::cell::Cell;

use criterion::{Criterion, criterion_group, criterion_main};
use erp_benches::joined::ProjectWithTask;
use erp_benches::orm::{person, project, task};
use erp_benches::{BenchDb, data, pg, quick, runtime, sql};
use erp_model::{
    Person, PersonId, ProjectId, Task, TaskId, TaskInsertForm, TaskPriority, TaskStatus,
    TaskUpdateForm,
};
use erp_repo::crud::{self, select};
use erp_repo::erp::{People, TaskFilter, Tasks};
use erp_repo::{Ordering, PageRequest};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ActiveValue::Unchanged, ColumnTrait, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use sea_query::{Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query};

const OPEN: [TaskStatus; 3] = [
    TaskStatus::NotStarted,
    TaskStatus::InProgress,
    TaskStatus::Blocked,
];
const OPEN_LABELS: [&str; 3] = ["Not Started", "In Progress", "Blocked"];

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

fn per_call(c: &mut Criterion) {
    let rt = runtime();
    let db = rt.block_on(BenchDb::new());
    let inbox = rt.block_on(data::per_call(&db));
    let t0 = rt.block_on(data::first_id(&db, "erp.tasks"));
    let a0 = rt.block_on(data::first_id(&db, "erp.people"));
    let db = &db;
    let pool = db.pool();
    let orm = &db.orm;
    let tasks = Cycle::new(t0, 10_000);
    let assignees = Cycle::new(a0, 50);
    let hours = Decimal::new(275, 2);
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("a date");

    let (by_id, list, insert, update) = rt.block_on(async {
        (
            db.pg.prepare(sql::TASK_BY_ID).await.unwrap(),
            db.pg.prepare(sql::TASK_LIST).await.unwrap(),
            db.pg.prepare(sql::TASK_INSERT).await.unwrap(),
            db.pg.prepare(sql::TASK_UPDATE).await.unwrap(),
        )
    });

    let mut g = c.benchmark_group("get_by_id");
    g.bench_function("sdk", |b| {
        b.to_async(&rt).iter(|| {
            let id = tasks.next();
            async move { Tasks::get(pool, TaskId(id)).await.unwrap() }
        })
    });
    g.bench_function("sqlx", |b| {
        b.to_async(&rt).iter(|| {
            let id = tasks.next();
            async move {
                sqlx::query_as::<_, Task>(sql::TASK_BY_ID)
                    .bind(id)
                    .fetch_optional(pool)
                    .await
                    .unwrap()
                    .expect("the task")
            }
        })
    });
    g.bench_function("seaorm", |b| {
        b.to_async(&rt).iter(|| {
            let id = tasks.next();
            async move {
                task::Entity::find_by_id(id)
                    .one(orm)
                    .await
                    .unwrap()
                    .expect("the task")
            }
        })
    });
    g.bench_function("tokio_postgres", |b| {
        b.to_async(&rt).iter(|| {
            let id = tasks.next();
            let by_id = &by_id;
            async move {
                let row = db.pg.query_opt(by_id, &[&id]).await.unwrap();
                pg::task(&row.expect("the task"))
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("list_100_filtered");
    g.bench_function("sdk", |b| {
        b.to_async(&rt).iter(|| {
            let filter = TaskFilter {
                status: Some(OPEN.to_vec()),
                assignee_id: Some(PersonId(assignees.next())),
                ..Default::default()
            };
            async move {
                let page =
                    Tasks::list(pool, &filter, Ordering::default(), &PageRequest::first(100))
                        .await
                        .unwrap();
                assert_eq!(page.items.len(), 100);
                page
            }
        })
    });
    g.bench_function("sqlx", |b| {
        b.to_async(&rt).iter(|| {
            let who = assignees.next();
            async move {
                let mut rows = sqlx::query_as::<_, Task>(sql::TASK_LIST)
                    .bind(OPEN[0])
                    .bind(OPEN[1])
                    .bind(OPEN[2])
                    .bind(who)
                    .bind(101_i64)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                rows.truncate(100);
                assert_eq!(rows.len(), 100);
                rows
            }
        })
    });
    g.bench_function("seaorm", |b| {
        b.to_async(&rt).iter(|| {
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
                rows
            }
        })
    });
    g.bench_function("tokio_postgres", |b| {
        b.to_async(&rt).iter(|| {
            let who = assignees.next();
            let list = &list;
            async move {
                let rows = db
                    .pg
                    .query(
                        list,
                        &[
                            &OPEN_LABELS[0],
                            &OPEN_LABELS[1],
                            &OPEN_LABELS[2],
                            &who,
                            &101_i64,
                        ],
                    )
                    .await
                    .unwrap();
                let tasks: Vec<Task> = rows.iter().take(100).map(pg::task).collect();
                assert_eq!(tasks.len(), 100);
                tasks
            }
        })
    });
    g.finish();

    let form = TaskInsertForm {
        project_id: Some(ProjectId(inbox)),
        status: Some(TaskStatus::NotStarted),
        priority: Some(TaskPriority::Medium),
        estimated_hours: Some(hours),
        scheduled_start_date: Some(day),
        ..TaskInsertForm::new("Write the benchmark report")
    };
    let form = &form;
    let mut g = c.benchmark_group("insert_one");
    g.bench_function("sdk", |b| {
        b.to_async(&rt)
            .iter(|| async move { Tasks::insert(pool, form).await.unwrap() })
    });
    g.bench_function("sqlx", |b| {
        b.to_async(&rt).iter(|| async move {
            sqlx::query_as::<_, Task>(sql::TASK_INSERT)
                .bind(&form.title)
                .bind(inbox)
                .bind(TaskStatus::NotStarted)
                .bind(TaskPriority::Medium)
                .bind(hours)
                .bind(day)
                .fetch_one(pool)
                .await
                .unwrap()
        })
    });
    g.bench_function("seaorm", |b| {
        b.to_async(&rt).iter(|| async move {
            task::ActiveModel {
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
            .unwrap()
        })
    });
    g.bench_function("tokio_postgres", |b| {
        b.to_async(&rt).iter(|| {
            let insert = &insert;
            async move {
                let row = db
                    .pg
                    .query_one(
                        insert,
                        &[&form.title, &inbox, &"Not Started", &"Medium", &hours, &day],
                    )
                    .await
                    .unwrap();
                pg::task(&row)
            }
        })
    });
    g.finish();

    let change = TaskUpdateForm {
        priority: Some(TaskPriority::High),
        actual_hours: Some(Some(hours)),
        ..Default::default()
    };
    let change = &change;
    let mut g = c.benchmark_group("update_one");
    g.bench_function("sdk", |b| {
        b.to_async(&rt).iter(|| {
            let id = tasks.next();
            async move { Tasks::update(pool, TaskId(id), change).await.unwrap() }
        })
    });
    g.bench_function("sqlx", |b| {
        b.to_async(&rt).iter(|| {
            let id = tasks.next();
            async move {
                sqlx::query_as::<_, Task>(sql::TASK_UPDATE)
                    .bind(TaskPriority::High)
                    .bind(hours)
                    .bind(id)
                    .fetch_optional(pool)
                    .await
                    .unwrap()
                    .expect("the task")
            }
        })
    });
    g.bench_function("seaorm", |b| {
        b.to_async(&rt).iter(|| {
            let id = tasks.next();
            async move {
                task::ActiveModel {
                    id: Unchanged(id),
                    priority: Set("High".to_owned()),
                    actual_hours: Set(Some(hours)),
                    ..Default::default()
                }
                .update(orm)
                .await
                .unwrap()
            }
        })
    });
    g.bench_function("tokio_postgres", |b| {
        b.to_async(&rt).iter(|| {
            let id = tasks.next();
            let update = &update;
            async move {
                let row = db
                    .pg
                    .query_opt(update, &[&"High", &hours, &id])
                    .await
                    .unwrap();
                pg::task(&row.expect("the task"))
            }
        })
    });
    g.finish();

    diesel_workloads(c, &rt, db, inbox);
}

/// diesel_bench's workloads on people, projects and tasks.
fn diesel_workloads(c: &mut Criterion, rt: &tokio::runtime::Runtime, db: &BenchDb, inbox: i64) {
    let pool = db.pool();
    let orm = &db.orm;
    let a0 = rt.block_on(data::first_id(db, "erp.people"));
    // The first 100 people own 10 projects of 10 tasks each: 100 joined rows per call.
    let owners = Cycle::new(a0, 100);
    let (first, joined, insert) = rt.block_on(async {
        (
            db.pg.prepare(sql::PEOPLE_FIRST).await.unwrap(),
            db.pg.prepare(sql::PROJECTS_WITH_TASKS).await.unwrap(),
            db.pg.prepare(&sql::task_insert_many(100)).await.unwrap(),
        )
    });

    for n in [1_i64, 10_000] {
        let mut g = c.benchmark_group(format!("diesel_trivial_{n}"));
        g.bench_function("sdk", |b| {
            b.to_async(rt).iter(|| async move {
                // The SDK's own path for a statement without a repository method: build with sea-query,
                // run through crud::fetch_all (list pages stop at 1,000 rows).
                let stmt = select::<People>()
                    .order_by("id", Order::Asc)
                    .limit(n as u64)
                    .to_owned();
                let rows: Vec<Person> = crud::fetch_all(pool, &stmt).await.unwrap();
                assert_eq!(rows.len() as i64, n);
                rows
            })
        });
        g.bench_function("sqlx", |b| {
            b.to_async(rt).iter(|| async move {
                let rows = sqlx::query_as::<_, Person>(sql::PEOPLE_FIRST)
                    .bind(n)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                assert_eq!(rows.len() as i64, n);
                rows
            })
        });
        g.bench_function("seaorm", |b| {
            b.to_async(rt).iter(|| async move {
                let rows = person::Entity::find()
                    .order_by_asc(person::Column::Id)
                    .limit(n as u64)
                    .all(orm)
                    .await
                    .unwrap();
                assert_eq!(rows.len() as i64, n);
                rows
            })
        });
        g.bench_function("tokio_postgres", |b| {
            b.to_async(rt).iter(|| {
                let first = &first;
                async move {
                    let rows = db.pg.query(first, &[&n]).await.unwrap();
                    let people: Vec<Person> = rows.iter().map(pg::person).collect();
                    assert_eq!(people.len() as i64, n);
                    people
                }
            })
        });
        g.finish();
    }

    let mut g = c.benchmark_group("diesel_medium_complex");
    g.bench_function("sdk", |b| {
        b.to_async(rt).iter(|| {
            let owner = owners.next();
            async move {
                let stmt = Query::select()
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
                    .to_owned();
                let rows: Vec<ProjectWithTask> = crud::fetch_all(pool, &stmt).await.unwrap();
                assert_eq!(rows.len(), 100);
                rows
            }
        })
    });
    g.bench_function("sqlx", |b| {
        b.to_async(rt).iter(|| {
            let owner = owners.next();
            async move {
                let rows = sqlx::query_as::<_, ProjectWithTask>(sql::PROJECTS_WITH_TASKS)
                    .bind(owner)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                assert_eq!(rows.len(), 100);
                rows
            }
        })
    });
    g.bench_function("seaorm", |b| {
        b.to_async(rt).iter(|| {
            let owner = owners.next();
            async move {
                let rows = project::Entity::find()
                    .find_also_related(task::Entity)
                    .filter(project::Column::OwnerPersonId.eq(owner))
                    .all(orm)
                    .await
                    .unwrap();
                assert_eq!(rows.len(), 100);
                rows
            }
        })
    });
    g.bench_function("tokio_postgres", |b| {
        b.to_async(rt).iter(|| {
            let owner = owners.next();
            let joined = &joined;
            async move {
                let rows = db.pg.query(joined, &[&owner]).await.unwrap();
                let out: Vec<_> = rows.iter().map(pg::project_with_task).collect();
                assert_eq!(out.len(), 100);
                out
            }
        })
    });
    g.finish();

    let hours = Decimal::new(150, 2);
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("a date");
    let forms: Vec<TaskInsertForm> = (0..100)
        .map(|i| TaskInsertForm {
            project_id: Some(ProjectId(inbox)),
            status: Some(TaskStatus::NotStarted),
            priority: Some(TaskPriority::Low),
            estimated_hours: Some(hours),
            scheduled_start_date: Some(day),
            ..TaskInsertForm::new(format!("Imported task {i}"))
        })
        .collect();
    let forms = &forms;
    let insert_sql = sql::task_insert_many(100);
    let insert_sql = insert_sql.as_str();
    let mut g = c.benchmark_group("diesel_insert_100");
    g.bench_function("sdk", |b| {
        b.to_async(rt).iter(|| async move {
            let mut conn = pool.acquire().await.unwrap();
            let rows = Tasks::insert_many(&mut conn, forms).await.unwrap();
            assert_eq!(rows.len(), 100);
            rows
        })
    });
    g.bench_function("sqlx", |b| {
        b.to_async(rt).iter(|| async move {
            let mut tx = pool.begin().await.unwrap();
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
            let rows = q.fetch_all(&mut *tx).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(rows.len(), 100);
            rows
        })
    });
    g.bench_function("seaorm", |b| {
        b.to_async(rt).iter(|| async move {
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
            rows
        })
    });
    g.bench_function("tokio_postgres", |b| {
        b.to_async(rt).iter(|| {
            let insert = &insert;
            async move {
                let mut params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                    Vec::with_capacity(600);
                for f in forms {
                    params.extend([
                        &f.title as &(dyn tokio_postgres::types::ToSql + Sync),
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
                out
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = quick();
    targets = per_call
}
criterion_main!(benches);
