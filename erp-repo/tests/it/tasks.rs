use erp_model::{TaskInsertForm, TaskPriority, TaskStatus, TaskUpdateForm};
use erp_repo::erp::{TaskFilter, TaskSort, Tasks};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use crate::common::date;

#[tokio::test]
async fn task_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = TaskInsertForm::new("Write proposal");
    form.estimated_hours = Some(dec!(4.5));
    form.scheduled_start_date = Some(date("2025-12-09"));
    form.tags = Some(vec!["sales".into()]);
    let task = Tasks::insert(pool, &form).await.unwrap();
    assert_eq!(task.title, "Write proposal");
    assert_eq!(task.status, TaskStatus::NotStarted);
    assert_eq!(task.priority, TaskPriority::Medium);
    assert_eq!(task.estimated_hours, Some(dec!(4.5)));
    assert_eq!(Tasks::get(pool, task.id).await.unwrap(), task);
    assert_eq!(
        Tasks::get_by_global_id(pool, task.global_id).await.unwrap(),
        task
    );

    let changed = Tasks::update(
        pool,
        task.id,
        &TaskUpdateForm {
            status: Some(TaskStatus::Done),
            estimated_hours: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.status, TaskStatus::Done);
    assert_eq!(changed.estimated_hours, None);
    assert_eq!(changed.title, task.title);
    // An empty update form is a read, never invalid SQL.
    assert_eq!(
        Tasks::update(pool, task.id, &TaskUpdateForm::default())
            .await
            .unwrap(),
        changed
    );

    Tasks::delete(pool, task.id).await.unwrap();
    assert!(matches!(
        Tasks::get(pool, task.id).await,
        Err(Error::NotFound {
            table: "erp.tasks",
            ..
        })
    ));
    assert!(matches!(
        Tasks::delete(pool, task.id).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn task_errors_are_typed() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = TaskInsertForm::new("x");
    form.project_id = Some(erp_model::ProjectId(999));
    let err = Tasks::insert(pool, &form).await.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. } if constraint == "tasks_project_id_fkey"),
        "{err}"
    );

    let mut form = TaskInsertForm::new("x");
    form.estimated_hours = Some(dec!(-1));
    let err = Tasks::insert(pool, &form).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "estimated_hours"),
        "{err}"
    );

    let err = Tasks::insert(pool, &TaskInsertForm::new("nul\0byte"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "title"),
        "{err}"
    );

    let filter = TaskFilter {
        title_contains: Some("%' OR 1=1 --".into()),
        ..Default::default()
    };
    assert!(
        Tasks::page(pool, &filter, &PageRequest::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(matches!(
        Tasks::page(pool, &TaskFilter::default(), &PageRequest::first(0)).await,
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        Tasks::page(pool, &TaskFilter::default(), &PageRequest::first(1_000_000)).await,
        Err(Error::InvalidInput { .. })
    ));
    let sqlstate: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.tasks")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(sqlstate, 0, "nothing half-written");
}

#[tokio::test]
async fn page_walk_visits_every_row_once_even_with_inserts_between_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let forms: Vec<_> = (0..25)
        .map(|i| TaskInsertForm::new(format!("task {i:02}")))
        .collect();
    let mut conn = pool.acquire().await.unwrap();
    let inserted = Tasks::insert_many(&mut conn, &forms).await.unwrap();
    assert_eq!(inserted.len(), 25);
    assert_eq!(inserted[7].title, "task 07");

    for ordering in [
        SortOrder::asc(TaskSort::Title),
        SortOrder::desc(TaskSort::CreatedAt),
        SortOrder::asc(TaskSort::Id),
    ] {
        let mut seen = Vec::new();
        let mut page = PageRequest::first(10);
        loop {
            let got = Tasks::list(pool, &TaskFilter::default(), ordering, &page)
                .await
                .unwrap();
            seen.extend(got.items.iter().map(|t| t.id));
            // A row inserted mid-walk must not make an existing row show up twice.
            Tasks::insert(pool, &TaskInsertForm::new("zz late"))
                .await
                .unwrap();
            match got.next {
                Some(c) => page = PageRequest::after(10, c),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "{ordering:?}");
        for t in &inserted {
            assert!(seen.contains(&t.id), "{ordering:?} missed {}", t.id);
        }
    }
}

#[tokio::test]
async fn tampered_cursor_is_rejected() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    for i in 0..3 {
        Tasks::insert(pool, &TaskInsertForm::new(format!("t{i}")))
            .await
            .unwrap();
    }
    let first = Tasks::page(pool, &TaskFilter::default(), &PageRequest::first(1))
        .await
        .unwrap();
    let cursor = first.next.unwrap().to_string();
    let mut bytes = cursor.into_bytes();
    bytes[2] = if bytes[2] == b'A' { b'B' } else { b'A' };
    let tampered = erp_repo::Cursor::from(String::from_utf8(bytes).unwrap());
    let err = Tasks::page(
        pool,
        &TaskFilter::default(),
        &PageRequest::after(1, tampered),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "cursor"),
        "{err}"
    );
}

#[tokio::test]
async fn filters_and_person_queries() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let person: i64 =
        sqlx::query_scalar("INSERT INTO erp.people (full_name) VALUES ('Ada') RETURNING id")
            .fetch_one(pool)
            .await
            .unwrap();
    let person = erp_model::PersonId(person);
    for (title, status, prio) in [
        ("a", TaskStatus::Done, TaskPriority::Urgent),
        ("b", TaskStatus::InProgress, TaskPriority::Low),
        ("c", TaskStatus::NotStarted, TaskPriority::Urgent),
    ] {
        let mut f = TaskInsertForm::new(title);
        f.status = Some(status);
        f.priority = Some(prio);
        f.assignee_id = Some(person);
        f.scheduled_start_date = Some(date("2025-12-10"));
        Tasks::insert(pool, &f).await.unwrap();
    }
    let open = Tasks::open_for_person(pool, person).await.unwrap();
    assert_eq!(
        open.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
        ["c", "b"]
    );
    let filter = TaskFilter {
        status: Some(vec![TaskStatus::Done, TaskStatus::NotStarted]),
        scheduled_from: Some(date("2025-12-08")),
        scheduled_to: Some(date("2025-12-14")),
        ..Default::default()
    };
    let page = Tasks::page(pool, &filter, &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    let filter = TaskFilter {
        title_contains: Some("B".into()),
        ..Default::default()
    };
    assert_eq!(
        Tasks::page(pool, &filter, &PageRequest::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

#[tokio::test]
async fn insert_many_of_all_default_rows_is_one_statement() {
    let db = TestDb::new().await.unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    let forms = vec![erp_model::ExecutionRunInsertForm::new(); 3];
    let runs = erp_repo::erp::ExecutionRuns::insert_many(&mut conn, &forms)
        .await
        .unwrap();
    assert_eq!(runs.len(), 3);
    assert!(runs.windows(2).all(|w| w[0].id < w[1].id));
    assert!(
        runs.iter()
            .all(|r| r.run_type == erp_model::RunType::Process)
    );
}
