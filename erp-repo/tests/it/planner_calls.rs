//! The calls planner-api is built from: workflows with their performance in one statement, a workflow's
//! templates (NotFound for an unknown workflow), tasks scheduled and rescheduled with their week's sprint
//! ensured in the same transaction (under `erp_planner`), and averages with two decimals.

use chrono::{TimeZone, Utc};
use erp_model::{
    EndDate, ExecutionRunInsertForm, PatternStatus, ProcessTemplateInsertForm, TaskId,
    TaskInsertForm, WorkflowId, WorkflowInsertForm,
};
use erp_repo::erp::{
    ExecutionRuns, ProcessTemplates, Sprints, Tasks, WorkflowFilter, WorkflowSort, Workflows,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::{SdkRole, TestDb};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use crate::common::date;

async fn workflow(
    pool: &PgPool,
    name: &str,
    estimate: Option<Decimal>,
    status: PatternStatus,
) -> WorkflowId {
    let form = WorkflowInsertForm {
        estimated_hours: estimate,
        status: Some(status),
        ..WorkflowInsertForm::new(name)
    };
    Workflows::insert(pool, &form).await.unwrap().id
}

async fn runs(pool: &PgPool, wf: WorkflowId, hours: &[Decimal]) {
    for (i, h) in hours.iter().enumerate() {
        let form = ExecutionRunInsertForm {
            workflow_id: Some(wf),
            started_at: Some(
                Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap()
                    + chrono::Duration::hours(i as i64),
            ),
            actual_hours: Some(*h),
            ..ExecutionRunInsertForm::new()
        };
        ExecutionRuns::insert(pool, &form).await.unwrap();
    }
}

async fn planner_pool(db: &TestDb) -> (erp_testkit::LoginRole, PgPool) {
    let login = db.login_role(SdkRole::Planner).await.unwrap();
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(login.url())
        .await
        .unwrap();
    (login, pool)
}

#[tokio::test]
async fn workflows_with_performance_are_filtered_paged_and_agree_with_the_view() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let onboarding = workflow(
        pool,
        "Onboard a client",
        Some(dec!(2)),
        PatternStatus::Active,
    )
    .await;
    let audit = workflow(
        pool,
        "Audit the books",
        Some(dec!(4)),
        PatternStatus::Active,
    )
    .await;
    let idle = workflow(pool, "Onboard a partner", None, PatternStatus::Active).await;
    workflow(
        pool,
        "Old onboarding",
        Some(dec!(1)),
        PatternStatus::Deprecated,
    )
    .await;
    runs(pool, onboarding, &[dec!(1), dec!(3), dec!(3)]).await;
    runs(pool, audit, &[dec!(5)]).await;

    let (_login, planner) = planner_pool(&db).await;
    let filter = WorkflowFilter {
        status: Some(vec![PatternStatus::Active]),
        name_contains: Some("onboard".into()),
        ..Default::default()
    };
    let page = Workflows::with_performance(
        &planner,
        &filter,
        SortOrder::asc(WorkflowSort::Name),
        &PageRequest::first(10),
    )
    .await
    .unwrap();
    assert_eq!(
        page.items.iter().map(|w| w.workflow.id).collect::<Vec<_>>(),
        [onboarding, idle]
    );
    assert_eq!(page.next, None);
    let first = &page.items[0];
    assert_eq!(
        first.workflow,
        Workflows::get(pool, onboarding).await.unwrap()
    );
    // 7/3 h: two decimals, not PostgreSQL's 2.3333333333333333; the variance from the exact mean.
    let view = Workflows::performance(pool, onboarding).await.unwrap();
    assert_eq!(first.performance, view.performance());
    assert_eq!(first.performance.execution_runs_count, 3);
    let json = serde_json::to_value(first).unwrap();
    assert_eq!(json["performance"]["avg_actual_hours"], "2.33", "{json}");
    assert_eq!(json["performance"]["variance_pct"], "16.67");
    assert_eq!(page.items[1].performance.execution_runs_count, 0);
    assert_eq!(page.items[1].performance.avg_actual_hours, None);

    // Pages of one, every active workflow once, by name; the filter's search is bound, not spliced.
    let active = WorkflowFilter {
        status: Some(vec![PatternStatus::Active]),
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut request = PageRequest::first(1);
    loop {
        let page = Workflows::with_performance(
            &planner,
            &active,
            SortOrder::asc(WorkflowSort::Name),
            &request,
        )
        .await
        .unwrap();
        seen.extend(page.items.iter().map(|w| w.workflow.name.clone()));
        match page.next {
            Some(next) => request = PageRequest::after(1, next),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["Audit the books", "Onboard a client", "Onboard a partner"]
    );
    let hostile = WorkflowFilter {
        name_contains: Some("'; DROP TABLE erp.workflows; --".into()),
        ..Default::default()
    };
    assert!(
        Workflows::with_performance(
            &planner,
            &hostile,
            SortOrder::default(),
            &PageRequest::first(5)
        )
        .await
        .unwrap()
        .items
        .is_empty()
    );
    let err = Workflows::with_performance(
        &planner,
        &active,
        SortOrder::default(),
        &PageRequest::first(0),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "limit"),
        "{err}"
    );
}

#[tokio::test]
async fn averages_have_two_decimals_in_the_view_the_window_and_the_model() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let wf = workflow(pool, "Thirds", Some(dec!(2)), PatternStatus::Active).await;
    runs(pool, wf, &[dec!(1), dec!(3), dec!(3)]).await;
    let view = Workflows::performance(pool, wf).await.unwrap();
    assert_eq!(view.avg_actual_hours.unwrap().to_string(), "2.33");
    assert_eq!(view.variance_pct, Some(dec!(16.67)));
    let window =
        Workflows::performance_since(pool, Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap())
            .await
            .unwrap();
    assert_eq!(window, vec![view.clone()]);
    let model =
        erp_model::WorkflowPerformance::from_runs(Some(dec!(2)), &[dec!(1), dec!(3), dec!(3)]);
    assert_eq!(
        serde_json::to_value(&model).unwrap(),
        serde_json::to_value(view.performance()).unwrap()
    );
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["avg_actual_hours"], "2.33", "{json}");
}

#[tokio::test]
async fn a_workflows_templates_and_not_found_for_an_unknown_workflow() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let wf = workflow(pool, "Onboarding", Some(dec!(4)), PatternStatus::Active).await;
    let bare = workflow(pool, "Bare", None, PatternStatus::Active).await;
    for name in ["Onboarding - SaaS", "Onboarding - Agency"] {
        let form = ProcessTemplateInsertForm {
            workflow_id: Some(wf),
            ..ProcessTemplateInsertForm::new(name)
        };
        ProcessTemplates::insert(pool, &form).await.unwrap();
    }
    let (_login, planner) = planner_pool(&db).await;
    let names: Vec<String> = Workflows::process_templates(&planner, wf)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["Onboarding - Agency", "Onboarding - SaaS"]);
    assert!(
        Workflows::process_templates(&planner, bare)
            .await
            .unwrap()
            .is_empty()
    );
    let err = Workflows::process_templates(&planner, WorkflowId(999_999))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { table: "erp.workflows", id } if id == "999999"),
        "{err}"
    );
    assert_eq!(err.status_code(), 404);
}

#[tokio::test]
async fn scheduling_and_rescheduling_ensure_the_weeks_sprint_under_erp_planner() {
    let db = TestDb::new().await.unwrap();
    let (_login, planner) = planner_pool(&db).await;

    // A task in a week without a sprint: the sprint is created with it.
    let form = TaskInsertForm {
        estimated_hours: Some(dec!(2)),
        scheduled_start_date: Some(date("2026-01-14")),
        scheduled_end_date: Some(date("2026-01-16")),
        ..TaskInsertForm::new("Prepare the Q1 review")
    };
    let created = Tasks::schedule_with_capacity(&planner, &form, dec!(30))
        .await
        .unwrap();
    let sprint = created.sprint.clone().unwrap();
    assert_eq!(
        (sprint.name.as_str(), sprint.capacity_hours),
        ("2026-W03", Some(dec!(30)))
    );
    assert_eq!(
        Sprints::of_date(&planner, date("2026-01-14"))
            .await
            .unwrap(),
        Some(sprint.clone())
    );
    let id = created.task.id;
    // Unscheduled: no sprint.
    let loose = Tasks::schedule(&planner, &TaskInsertForm::new("Someday"))
        .await
        .unwrap();
    assert_eq!(loose.sprint, None);

    // Shift (the default): the end moves with the start, the task keeps its three days.
    let moved = Tasks::reschedule(&planner, id, date("2026-01-19"), EndDate::Shift)
        .await
        .unwrap();
    assert_eq!(
        (
            moved.task.scheduled_start_date,
            moved.task.scheduled_end_date
        ),
        (Some(date("2026-01-19")), Some(date("2026-01-21")))
    );
    let w04 = moved.sprint.unwrap();
    assert_eq!((w04.name.as_str(), w04.capacity_hours), ("2026-W04", None));
    // Keep: the end stays.
    let kept = Tasks::reschedule(&planner, id, date("2026-01-20"), EndDate::Keep)
        .await
        .unwrap();
    assert_eq!(kept.task.scheduled_end_date, Some(date("2026-01-21")));
    // Set and clear, also through the old Option argument.
    let set = Tasks::reschedule(&planner, id, date("2026-01-20"), Some(date("2026-01-23")))
        .await
        .unwrap();
    assert_eq!(set.task.scheduled_end_date, Some(date("2026-01-23")));
    let cleared = Tasks::reschedule(&planner, id, date("2026-01-20"), EndDate::Clear)
        .await
        .unwrap();
    assert_eq!(cleared.task.scheduled_end_date, None);
    // A task without an end shifts to no end; one without a start gets its start, its end unchanged.
    let shifted = Tasks::reschedule(&planner, id, date("2026-01-22"), EndDate::default())
        .await
        .unwrap();
    assert_eq!(shifted.task.scheduled_end_date, None);
    let started = Tasks::reschedule(&planner, loose.task.id, date("2026-01-22"), EndDate::Shift)
        .await
        .unwrap();
    assert_eq!(started.task.scheduled_start_date, Some(date("2026-01-22")));
    assert_eq!(started.sprint.unwrap().id, w04.id);

    // Keeping an end before the new start is the check violation; nothing is written, no sprint made.
    Tasks::reschedule(&planner, id, date("2026-01-20"), date("2026-01-21"))
        .await
        .unwrap();
    let err = Tasks::reschedule(&planner, id, date("2026-02-02"), EndDate::Keep)
        .await
        .unwrap_err();
    assert_eq!(
        err.constraint(),
        Some("tasks_scheduled_end_date_check"),
        "{err}"
    );
    assert_eq!(
        Sprints::of_date(&planner, date("2026-02-02"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        Tasks::get(&planner, id).await.unwrap().scheduled_start_date,
        Some(date("2026-01-20"))
    );
    let err = Tasks::reschedule(
        &planner,
        TaskId(999_999),
        date("2026-03-02"),
        EndDate::Shift,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::NotFound {
                table: "erp.tasks",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        Sprints::of_date(&planner, date("2026-03-02"))
            .await
            .unwrap(),
        None
    );

    // Inside a caller's transaction: rolled back with it, task and sprint alike.
    let mut tx = planner.begin().await.unwrap();
    let form = TaskInsertForm {
        scheduled_start_date: Some(date("2026-04-01")),
        ..TaskInsertForm::new("Rolled back")
    };
    let inside = Tasks::schedule(&mut *tx, &form).await.unwrap();
    assert_eq!(inside.sprint.unwrap().name, "2026-W14");
    tx.rollback().await.unwrap();
    assert_eq!(
        Sprints::of_date(&planner, date("2026-04-01"))
            .await
            .unwrap(),
        None
    );
    assert!(matches!(
        Tasks::get(&planner, inside.task.id).await,
        Err(Error::NotFound { .. })
    ));

    // From a spawned task on the pool: the future is Send.
    let pool = planner.clone();
    let spawned = tokio::spawn(async move {
        Tasks::reschedule(&pool, id, date("2026-05-04"), EndDate::Clear).await
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(spawned.sprint.unwrap().name, "2026-W19");
}
