//! The two fixes migration 0006 makes to the existing schema, through the Rust API: a run logged without
//! an estimate is measured against its task's estimate, else its workflow's; a sprint is exactly one
//! Monday-to-Sunday week.

use erp_model::{
    ExecutionRunInsertForm, ExecutionRunUpdateForm, SprintInsertForm, SprintUpdateForm,
    TaskInsertForm, WorkflowInsertForm,
};
use erp_repo::erp::{ExecutionRuns, Sprints, Tasks, Workflows};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use super::{assert_check, date, ts};

#[tokio::test]
async fn run_variance_uses_the_task_estimate_else_the_workflow_estimate() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let workflow = Workflows::insert(
        pool,
        &WorkflowInsertForm {
            estimated_hours: Some(dec!(2.00)),
            ..WorkflowInsertForm::new("Proposal")
        },
    )
    .await
    .unwrap();
    let estimated = Tasks::insert(
        pool,
        &TaskInsertForm {
            estimated_hours: Some(dec!(4.00)),
            ..TaskInsertForm::new("Write proposal")
        },
    )
    .await
    .unwrap();
    let unestimated = Tasks::insert(pool, &TaskInsertForm::new("Polish proposal"))
        .await
        .unwrap();
    let run = |task, workflow, hour: u32, actual, estimate| ExecutionRunInsertForm {
        task_id: task,
        workflow_id: workflow,
        started_at: Some(ts(&format!("2025-11-03T{hour:02}:00:00Z"))),
        actual_hours: Some(actual),
        estimated_hours: estimate,
        ..ExecutionRunInsertForm::new()
    };
    // The task's estimate (4) wins over the workflow's (2): 5 h is +25 %.
    let by_task = ExecutionRuns::insert(
        pool,
        &run(Some(estimated.id), Some(workflow.id), 8, dec!(5), None),
    )
    .await
    .unwrap();
    assert_eq!(
        (by_task.estimated_hours, by_task.variance_pct),
        (Some(dec!(4.00)), Some(dec!(25.00)))
    );
    // A task without an estimate falls back to the workflow's: 3 h against 2 is +50 %.
    let by_workflow = ExecutionRuns::insert(
        pool,
        &run(Some(unestimated.id), Some(workflow.id), 9, dec!(3), None),
    )
    .await
    .unwrap();
    assert_eq!(
        (by_workflow.estimated_hours, by_workflow.variance_pct),
        (Some(dec!(2.00)), Some(dec!(50.00)))
    );
    // No task: the workflow's.
    let workflow_only =
        ExecutionRuns::insert(pool, &run(None, Some(workflow.id), 10, dec!(1), None))
            .await
            .unwrap();
    assert_eq!(workflow_only.variance_pct, Some(dec!(-50.00)));
    // An estimate given by hand is kept.
    let by_hand = ExecutionRuns::insert(
        pool,
        &run(
            Some(estimated.id),
            Some(workflow.id),
            11,
            dec!(5),
            Some(dec!(10)),
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        (by_hand.estimated_hours, by_hand.variance_pct),
        (Some(dec!(10)), Some(dec!(-50.00)))
    );
    // Neither task nor workflow: no estimate, no variance.
    let bare = ExecutionRuns::insert(pool, &run(None, None, 12, dec!(1), None))
        .await
        .unwrap();
    assert_eq!((bare.estimated_hours, bare.variance_pct), (None, None));
    // log_run takes the same path.
    let mut conn = pool.acquire().await.unwrap();
    let logged =
        ExecutionRuns::log_run(&mut conn, &run(Some(estimated.id), None, 13, dec!(2), None))
            .await
            .unwrap();
    assert_eq!(logged.run.variance_pct, Some(dec!(-50.00)));
    // Moving a run to another task without giving an estimate takes the new task's (here the
    // workflow's, the new task having none): 5 h against 2 is +150 %.
    let moved = ExecutionRuns::update(
        pool,
        by_task.id,
        &ExecutionRunUpdateForm {
            task_id: Some(Some(unestimated.id)),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (moved.estimated_hours, moved.variance_pct),
        (Some(dec!(2.00)), Some(dec!(150.00)))
    );
    // Setting the estimate in the same update keeps it.
    let kept = ExecutionRuns::update(
        pool,
        by_task.id,
        &ExecutionRunUpdateForm {
            task_id: Some(Some(estimated.id)),
            estimated_hours: Some(Some(dec!(5))),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (kept.estimated_hours, kept.variance_pct),
        (Some(dec!(5)), Some(dec!(0.00)))
    );
}

#[tokio::test]
async fn a_sprint_is_one_monday_to_sunday_week() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    // 2025-11-17 is a Monday.
    let sprint = Sprints::insert(
        pool,
        &SprintInsertForm::new("2025-W47", date("2025-11-17"), date("2025-11-23")),
    )
    .await
    .unwrap();
    assert_eq!(
        (sprint.start_date, sprint.end_date),
        (date("2025-11-17"), date("2025-11-23"))
    );
    assert_check(
        Sprints::insert(
            pool,
            &SprintInsertForm::new("Tuesday start", date("2025-11-25"), date("2025-12-01")),
        )
        .await,
        "sprints",
        "start_date",
    );
    assert_check(
        Sprints::insert(
            pool,
            &SprintInsertForm::new("Two weeks", date("2025-11-24"), date("2025-12-07")),
        )
        .await,
        "sprints",
        "end_date",
    );
    assert_check(
        Sprints::insert(
            pool,
            &SprintInsertForm::new("Short", date("2025-11-24"), date("2025-11-28")),
        )
        .await,
        "sprints",
        "end_date",
    );
    assert_check(
        Sprints::update(
            pool,
            sprint.id,
            &SprintUpdateForm {
                end_date: Some(date("2025-11-22")),
                ..Default::default()
            },
        )
        .await,
        "sprints",
        "end_date",
    );
    // Moving the whole week keeps it valid.
    let moved = Sprints::update(
        pool,
        sprint.id,
        &SprintUpdateForm {
            start_date: Some(date("2025-11-24")),
            end_date: Some(date("2025-11-30")),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(moved.end_date, date("2025-11-30"));
    // ensure_for always makes a valid week.
    let ensured = Sprints::ensure_for(pool, date("2025-12-03")).await.unwrap();
    assert_eq!(
        (ensured.start_date, ensured.end_date),
        (date("2025-12-01"), date("2025-12-07"))
    );
}
