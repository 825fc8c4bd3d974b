//! Several repository calls in one transaction: rolled back, committed, failing halfway; the same calls
//! on a pool, a connection and a transaction; and insert_many across the bind-parameter chunk boundary.

use erp_model::{
    EngagementInsertForm, PersonInsertForm, ProjectInsertForm, TaskInsertForm, TaskPriority,
    TaskStatus,
};
/// PostgreSQL's limit on bind parameters in one statement.
const MAX_BIND_PARAMS: usize = 65_535;
use erp_repo::erp::{Engagements, People, Projects, Sprints, Tasks};
use erp_repo::{Db, Error};
use erp_testkit::TestDb;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sqlx::{PgConnection, PgPool};

use crate::common::date;

/// Rows in the tables these tests write.
async fn counts(pool: &PgPool) -> [i64; 4] {
    let mut out = [0; 4];
    for (i, table) in ["people", "projects", "tasks", "sprints"]
        .iter()
        .enumerate()
    {
        // Table names from the fixed list above, not input.
        out[i] = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM erp.{table}"
        )))
        .fetch_one(pool)
        .await
        .unwrap();
    }
    out
}

/// A person, their project and a task in it, and the task's sprint, on one connection.
async fn plan_work(conn: &mut PgConnection) -> erp_repo::Result<erp_model::Task> {
    let person = People::insert(&mut *conn, &PersonInsertForm::new("Ada")).await?;
    let project = Projects::insert(
        &mut *conn,
        &ProjectInsertForm {
            owner_person_id: Some(person.id),
            ..ProjectInsertForm::new("Launch")
        },
    )
    .await?;
    let task = Tasks::insert(
        &mut *conn,
        &TaskInsertForm {
            project_id: Some(project.id),
            assignee_id: Some(person.id),
            scheduled_start_date: Some(date("2025-12-09")),
            ..TaskInsertForm::new("Kickoff")
        },
    )
    .await?;
    Sprints::ensure_for(&mut *conn, date("2025-12-09")).await?;
    Ok(task)
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_nothing() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let erp = Db::new(pool.clone());
    let mut tx = erp.begin().await.unwrap();
    let task = plan_work(&mut tx).await.unwrap();
    // insert_many opens a savepoint inside the caller's transaction, so it rolls back with it.
    Tasks::insert_many(
        &mut tx,
        &[TaskInsertForm::new("a"), TaskInsertForm::new("b")],
    )
    .await
    .unwrap();
    assert_eq!(Tasks::get(&mut *tx, task.id).await.unwrap(), task);
    // Not visible outside before commit.
    assert!(matches!(
        Tasks::get(pool, task.id).await,
        Err(Error::NotFound { .. })
    ));
    tx.rollback().await.unwrap();
    assert_eq!(counts(pool).await, [0, 0, 0, 0]);

    // Dropping a transaction without commit rolls it back too.
    {
        let mut tx = pool.begin().await.unwrap();
        plan_work(&mut tx).await.unwrap();
    }
    assert_eq!(counts(pool).await, [0, 0, 0, 0]);
}

#[tokio::test]
async fn a_committed_transaction_leaves_everything() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut tx = Db::new(pool.clone()).begin().await.unwrap();
    let task = plan_work(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(counts(pool).await, [1, 1, 1, 1]);
    assert_eq!(Tasks::get(pool, task.id).await.unwrap(), task);
    let sprint = Sprints::of_date(pool, date("2025-12-09"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        Sprints::tasks(pool, sprint.id).await.unwrap()[0].task_id,
        task.id
    );
}

#[tokio::test]
async fn a_transaction_failing_halfway_leaves_none_of_its_rows() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut tx = pool.begin().await.unwrap();
    let person = People::insert(&mut *tx, &PersonInsertForm::new("Ada"))
        .await
        .unwrap();
    Projects::insert(
        &mut *tx,
        &ProjectInsertForm {
            owner_person_id: Some(person.id),
            ..ProjectInsertForm::new("Launch")
        },
    )
    .await
    .unwrap();
    // The typed forms cannot carry a wrong label, so the bad third statement is raw SQL.
    let err: Error = sqlx::query("INSERT INTO erp.tasks (title, status) VALUES ('x', 'done')")
        .execute(&mut *tx)
        .await
        .unwrap_err()
        .into();
    assert!(
        matches!(&err, Error::CheckViolation { constraint, table, column: Some(c) }
            if constraint == "tasks_status_check" && table == "erp.tasks" && c == "status"),
        "{err}"
    );
    // The transaction is now aborted: later statements fail, typed, until it is rolled back.
    let err = Tasks::insert(&mut *tx, &TaskInsertForm::new("after"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TransactionAborted), "{err}");
    drop(tx);
    assert_eq!(counts(pool).await, [0, 0, 0, 0]);
}

#[tokio::test]
async fn repositories_work_the_same_on_a_pool_a_connection_and_a_transaction() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();

    let on_pool = People::insert(pool, &PersonInsertForm::new("pool"))
        .await
        .unwrap();
    assert_eq!(People::get(pool, on_pool.id).await.unwrap(), on_pool);

    let mut conn = pool.acquire().await.unwrap();
    let on_conn = plan_work(&mut conn).await.unwrap();
    assert_eq!(Tasks::get(&mut *conn, on_conn.id).await.unwrap(), on_conn);
    assert_eq!(Tasks::get(pool, on_conn.id).await.unwrap(), on_conn);
    drop(conn);

    let mut tx = pool.begin().await.unwrap();
    let in_tx = People::insert(&mut *tx, &PersonInsertForm::new("tx"))
        .await
        .unwrap();
    assert_eq!(People::get(&mut *tx, in_tx.id).await.unwrap(), in_tx);
    tx.commit().await.unwrap();
    assert_eq!(People::get(pool, in_tx.id).await.unwrap(), in_tx);

    // Multi-statement calls take a connection: a pooled one, or a transaction's.
    let board = Sprints::board(
        &mut pool.acquire().await.unwrap(),
        "2025-W50".parse().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(board.tasks[0].task_id, on_conn.id);
    assert_eq!(counts(pool).await, [3, 1, 1, 1]);
}

/// Task forms setting all 13 insertable columns, so a chunk holds 65,535 / 13 = 5,041 rows.
async fn full_task_forms(pool: &PgPool, n: usize) -> Vec<TaskInsertForm> {
    let person = People::insert(pool, &PersonInsertForm::new("Ada"))
        .await
        .unwrap();
    let project = Projects::insert(pool, &ProjectInsertForm::new("Big"))
        .await
        .unwrap();
    let engagement = Engagements::insert(pool, &EngagementInsertForm::new("Big deal"))
        .await
        .unwrap();
    (0..n)
        .map(|i| TaskInsertForm {
            title: format!("task {i:05}"),
            description: Some(format!("row {i}")),
            project_id: Some(project.id),
            engagement_id: Some(engagement.id),
            assignee_id: Some(person.id),
            status: Some(TaskStatus::ALL[i % TaskStatus::ALL.len()]),
            priority: Some(TaskPriority::ALL[i % TaskPriority::ALL.len()]),
            due_date: Some(date("2026-01-31")),
            estimated_hours: Some(Decimal::from(i % 9)),
            actual_hours: Some(dec!(0.5)),
            scheduled_start_date: Some(date("2025-12-08")),
            scheduled_end_date: Some(date("2025-12-12")),
            tags: Some(vec![format!("batch-{}", i % 3)]),
        })
        .collect()
}

#[tokio::test]
async fn insert_many_across_the_chunk_boundary_returns_rows_in_order() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let forms = full_task_forms(pool, 8_000).await;
    assert!(forms.len() > MAX_BIND_PARAMS / 13, "needs two statements");
    let mut conn = pool.acquire().await.unwrap();
    let tasks = Tasks::insert_many(&mut conn, &forms).await.unwrap();
    assert_eq!(tasks.len(), forms.len());
    for (task, form) in tasks.iter().zip(&forms) {
        assert_eq!(task.title, form.title);
        assert_eq!(task.description, form.description);
        assert_eq!(Some(task.status), form.status);
        assert_eq!(task.estimated_hours, form.estimated_hours);
        assert_eq!(Some(&task.tags), form.tags.as_ref());
    }
    assert!(tasks.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(
        Tasks::get(pool, tasks[5_041].id).await.unwrap(),
        tasks[5_041]
    );
    assert_eq!(counts(pool).await[2], 8_000);
}

#[tokio::test]
async fn insert_many_failing_in_its_second_chunk_leaves_none_of_the_first() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut forms = full_task_forms(pool, 8_000).await;
    forms[6_500].estimated_hours = Some(dec!(-1));
    let mut conn = pool.acquire().await.unwrap();
    let err = Tasks::insert_many(&mut conn, &forms).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "estimated_hours"),
        "{err}"
    );
    assert_eq!(counts(pool).await[2], 0, "the first chunk was rolled back");
    // The connection is usable again: the failed statement did not leave a transaction open.
    let one = Tasks::insert_many(&mut conn, &forms[..1]).await.unwrap();
    assert_eq!(one[0].title, "task 00000");

    // Bad input is caught before any chunk is sent.
    forms[6_500].estimated_hours = None;
    forms[7_999].title = "nul\0".into();
    let err = Tasks::insert_many(&mut conn, &forms).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "title"),
        "{err}"
    );
    assert_eq!(counts(pool).await[2], 1);
}
