//! Seed 001's validation test cases 1, 3 and 4, through the Rust API (case 2, sprints, is in `sprints`).

use chrono::{DateTime, Duration, TimeZone, Utc};
use erp_model::{
    ExecutionRunInsertForm, ProcessTemplateInsertForm, ServiceBlueprintInsertForm, TaskInsertForm,
    WorkflowInsertForm, WorkflowPerformance,
};
use erp_repo::erp::{ExecutionRuns, ProcessTemplates, ServiceBlueprints, Tasks, Workflows};
use erp_testkit::TestDb;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn day(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, d, h, 0, 0).unwrap()
}

/// Case 1: blueprint → workflow → template → run, and the workflow's variance updates.
#[tokio::test]
async fn case_1_blueprint_workflow_template_run() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let blueprint =
        ServiceBlueprints::insert(pool, &ServiceBlueprintInsertForm::new("Test Sprint"))
            .await
            .unwrap();
    let mut wf = WorkflowInsertForm::new("Test Onboarding");
    wf.service_blueprint_id = Some(blueprint.id);
    wf.estimated_hours = Some(dec!(2));
    let workflow = Workflows::insert(pool, &wf).await.unwrap();
    let mut tpl = ProcessTemplateInsertForm::new("Test Client A");
    tpl.workflow_id = Some(workflow.id);
    let template = ProcessTemplates::insert(pool, &tpl).await.unwrap();
    assert_eq!(
        ServiceBlueprints::workflows(pool, blueprint.id)
            .await
            .unwrap(),
        vec![workflow.clone()]
    );

    let before = Workflows::performance(pool, workflow.id).await.unwrap();
    assert_eq!(before.execution_runs_count, 0);
    assert_eq!(before.variance_pct, None);

    // The run of a task that follows the template counts for the template's workflow.
    let mut task = TaskInsertForm::new("Onboard Client A");
    task.estimated_hours = Some(dec!(2));
    let task = Tasks::insert(pool, &task).await.unwrap();
    let parent = ProcessTemplates::workflow(pool, template.id)
        .await
        .unwrap()
        .unwrap();
    let run = ExecutionRunInsertForm {
        task_id: Some(task.id),
        process_template_id: Some(template.id),
        workflow_id: Some(parent.id),
        started_at: Some(day(9, 9)),
        ended_at: Some(day(9, 9) + Duration::minutes(150)),
        ..Default::default()
    };
    let mut conn = pool.acquire().await.unwrap();
    let logged = ExecutionRuns::log_run(&mut conn, &run).await.unwrap();
    assert!(logged.created);
    assert_eq!(logged.run.actual_hours, Some(dec!(2.5)));

    let after = Workflows::performance(pool, workflow.id).await.unwrap();
    assert_eq!(after.execution_runs_count, 1);
    assert_eq!(after.avg_actual_hours, Some(dec!(2.5)));
    assert_eq!(after.variance_pct, Some(dec!(25)));
    let variance = ExecutionRuns::variance_vs_task(pool, logged.run.id)
        .await
        .unwrap();
    assert_eq!(variance.variance_hours, Some(dec!(0.5)));
}

/// Case 3: a 4 h workflow with runs of 3, 4, 5, 6 and 5 h averages 4.6 h, +15 %.
#[tokio::test]
async fn case_3_workflow_performance_tracking() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut wf = WorkflowInsertForm::new("Test Workflow");
    wf.estimated_hours = Some(dec!(4));
    let workflow = Workflows::insert(pool, &wf).await.unwrap();
    let hours = [3, 4, 5, 6, 5];
    let runs: Vec<ExecutionRunInsertForm> = hours
        .iter()
        .zip(1..)
        .map(|(h, d)| ExecutionRunInsertForm {
            workflow_id: Some(workflow.id),
            started_at: Some(day(d, 9)),
            // Hours from the session length, as the trigger computes them.
            ended_at: Some(day(d, 9) + Duration::hours(*h)),
            ..Default::default()
        })
        .collect();
    let mut conn = pool.acquire().await.unwrap();
    let report = ExecutionRuns::ingest_runs(&mut conn, &runs).await.unwrap();
    assert_eq!(report.inserted, 5);

    let perf = Workflows::performance(pool, workflow.id).await.unwrap();
    assert_eq!(perf.execution_runs_count, 5);
    assert_eq!(perf.avg_actual_hours, Some(dec!(4.6)));
    assert_eq!(perf.variance_pct, Some(dec!(15)));
    // The model's arithmetic predicts what the database computed.
    let predicted = WorkflowPerformance::from_runs(Some(dec!(4)), &hours.map(Decimal::from));
    assert_eq!(perf.performance(), predicted);
}

/// Case 4: a template's lineage, both ways.
#[tokio::test]
async fn case_4_process_template_lineage() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let parent = Workflows::insert(pool, &WorkflowInsertForm::new("Parent Workflow"))
        .await
        .unwrap();
    let mut child = ProcessTemplateInsertForm::new("Child Template");
    child.workflow_id = Some(parent.id);
    let child = ProcessTemplates::insert(pool, &child).await.unwrap();

    let templates = Workflows::process_templates(pool, parent.id).await.unwrap();
    assert!(templates.iter().any(|t| t.name == "Child Template"));
    assert_eq!(templates, vec![child.clone()]);
    let workflow = ProcessTemplates::workflow(pool, child.id).await.unwrap();
    assert_eq!(workflow.map(|w| w.name), Some("Parent Workflow".to_owned()));
}
