//! The pattern tables: blueprints, workflows, process and resource templates, and workflow performance.

use chrono::{DateTime, Duration, TimeZone, Utc};
use erp_model::{
    AutomationStatus, ChecklistItem, ExecutionRunInsertForm, PatternStatus,
    ProcessTemplateInsertForm, ProcessTemplateType, ProcessTemplateUpdateForm,
    ResourceTemplateInsertForm, ResourceTemplateType, ResourceTemplateUpdateForm,
    ServiceBlueprintId, ServiceBlueprintInsertForm, ServiceBlueprintUpdateForm, WorkflowId,
    WorkflowInsertForm, WorkflowStep, WorkflowUpdateForm,
};
use erp_repo::erp::{
    ExecutionRuns, ProcessTemplateFilter, ProcessTemplateSort, ProcessTemplates,
    ResourceTemplateFilter, ResourceTemplateSort, ResourceTemplates, ServiceBlueprintFilter,
    ServiceBlueprintSort, ServiceBlueprints, WorkflowFilter, WorkflowSort, Workflows,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;
use sqlx::PgPool;

/// Walks every page of a list and checks each row shows up exactly once; returns the rows in page order.
macro_rules! walk_pages {
    ($repo:ty, $pool:expr, $filter:expr, $ordering:expr, $size:expr) => {{
        let mut seen = Vec::new();
        let mut page = PageRequest::first($size);
        loop {
            let got = <$repo>::list($pool, &$filter, $ordering, &page)
                .await
                .unwrap();
            assert!(got.items.len() <= $size as usize);
            seen.extend(got.items);
            match got.next {
                Some(cursor) => page = PageRequest::after($size, cursor),
                None => break,
            }
        }
        let mut ids: Vec<_> = seen.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), seen.len(), "a row was visited twice");
        seen
    }};
}

async fn workflow(
    pool: &PgPool,
    name: &str,
    estimate: Option<rust_decimal::Decimal>,
) -> WorkflowId {
    let mut form = WorkflowInsertForm::new(name);
    form.estimated_hours = estimate;
    Workflows::insert(pool, &form).await.unwrap().id
}

#[tokio::test]
async fn service_blueprint_crud_filter_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = ServiceBlueprintInsertForm::new("Sprint delivery");
    form.frontstage = Some("Weekly demo".into());
    form.evidence = Some("Demo recording".into());
    form.tags = Some(vec!["delivery".into(), "core".into()]);
    let bp = ServiceBlueprints::insert(pool, &form).await.unwrap();
    assert_eq!(bp.status, PatternStatus::Draft);
    assert_eq!(bp.frontstage.as_deref(), Some("Weekly demo"));
    assert_eq!(ServiceBlueprints::get(pool, bp.id).await.unwrap(), bp);
    assert_eq!(
        ServiceBlueprints::get_by_global_id(pool, bp.global_id)
            .await
            .unwrap(),
        bp
    );

    let changed = ServiceBlueprints::update(
        pool,
        bp.id,
        &ServiceBlueprintUpdateForm {
            status: Some(PatternStatus::Active),
            frontstage: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.status, PatternStatus::Active);
    assert_eq!(changed.frontstage, None);
    assert_eq!(changed.evidence, bp.evidence);
    assert_eq!(
        ServiceBlueprints::update(pool, bp.id, &ServiceBlueprintUpdateForm::default())
            .await
            .unwrap(),
        changed
    );

    for name in ["Audit", "Retainer", "Workshop"] {
        ServiceBlueprints::insert(pool, &ServiceBlueprintInsertForm::new(name))
            .await
            .unwrap();
    }
    let active = ServiceBlueprintFilter {
        status: Some(vec![PatternStatus::Active]),
        ..Default::default()
    };
    let page =
        ServiceBlueprints::list(pool, &active, SortOrder::default(), &PageRequest::default())
            .await
            .unwrap();
    assert_eq!(page.items, vec![changed.clone()]);
    let tagged = ServiceBlueprintFilter {
        tags: Some(vec!["core".into(), "delivery".into()]),
        ..Default::default()
    };
    let page =
        ServiceBlueprints::list(pool, &tagged, SortOrder::default(), &PageRequest::default())
            .await
            .unwrap();
    assert_eq!(page.items.len(), 1);
    let missing_tag = ServiceBlueprintFilter {
        tags: Some(vec!["core".into(), "sales".into()]),
        ..Default::default()
    };
    let page = ServiceBlueprints::list(
        pool,
        &missing_tag,
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert!(page.items.is_empty());
    let by_name = ServiceBlueprintFilter {
        name_contains: Some("RETAIN".into()),
        ..Default::default()
    };
    let page = ServiceBlueprints::list(
        pool,
        &by_name,
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name, "Retainer");

    let rows = walk_pages!(
        ServiceBlueprints,
        pool,
        ServiceBlueprintFilter::default(),
        SortOrder::desc(ServiceBlueprintSort::Name),
        3
    );
    let names: Vec<&str> = rows.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Workshop", "Sprint delivery", "Retainer", "Audit"]);

    ServiceBlueprints::delete(pool, bp.id).await.unwrap();
    assert!(matches!(
        ServiceBlueprints::get(pool, bp.id).await,
        Err(Error::NotFound {
            table: "erp.service_blueprints",
            ..
        })
    ));
    assert!(matches!(
        ServiceBlueprints::delete(pool, bp.id).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn blueprint_offers_and_workflows() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let bp = ServiceBlueprints::insert(pool, &ServiceBlueprintInsertForm::new("Retainer"))
        .await
        .unwrap();
    let other = ServiceBlueprints::insert(pool, &ServiceBlueprintInsertForm::new("Other"))
        .await
        .unwrap();
    // Offers are the commercial repositories' table; set them up by hand.
    for (name, blueprint) in [
        ("Retainer M", bp.id),
        ("Retainer L", bp.id),
        ("Audit", other.id),
    ] {
        sqlx::query("INSERT INTO erp.offers (name, service_blueprint_id) VALUES ($1, $2)")
            .bind(name)
            .bind(blueprint.0)
            .execute(pool)
            .await
            .unwrap();
    }
    let offers = ServiceBlueprints::offers(pool, bp.id).await.unwrap();
    assert_eq!(
        offers.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        ["Retainer L", "Retainer M"]
    );
    assert!(offers.iter().all(|o| o.service_blueprint_id == Some(bp.id)));

    let mut form = WorkflowInsertForm::new("Onboarding");
    form.service_blueprint_id = Some(bp.id);
    let onboarding = Workflows::insert(pool, &form).await.unwrap();
    workflow(pool, "Unrelated", None).await;
    assert_eq!(
        ServiceBlueprints::workflows(pool, bp.id).await.unwrap(),
        vec![onboarding.clone()]
    );
    let filter = WorkflowFilter {
        service_blueprint_id: Some(bp.id),
        ..Default::default()
    };
    let page = Workflows::list(pool, &filter, SortOrder::default(), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![onboarding]);
    assert!(
        ServiceBlueprints::offers(pool, ServiceBlueprintId(999_999))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn workflow_crud_filter_and_errors() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = WorkflowInsertForm::new("Client onboarding");
    form.steps = Some(vec![
        WorkflowStep::new("Kickoff call"),
        WorkflowStep::new("Send contract"),
    ]);
    form.estimated_hours = Some(dec!(4));
    form.automation_status = Some(AutomationStatus::SemiAutomated);
    form.version = Some("v1".into());
    let wf = Workflows::insert(pool, &form).await.unwrap();
    assert_eq!(wf.steps.len(), 2);
    assert_eq!(wf.steps[1].name, "Send contract");
    assert_eq!(wf.automation_status, AutomationStatus::SemiAutomated);
    assert_eq!(wf.status, PatternStatus::Draft);
    assert_eq!(Workflows::get(pool, wf.id).await.unwrap(), wf);
    assert_eq!(
        Workflows::get_by_global_id(pool, wf.global_id)
            .await
            .unwrap(),
        wf
    );

    let changed = Workflows::update(
        pool,
        wf.id,
        &WorkflowUpdateForm {
            status: Some(PatternStatus::Active),
            version: Some(None),
            estimated_hours: Some(Some(dec!(5.5))),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.version, None);
    assert_eq!(changed.estimated_hours, Some(dec!(5.5)));
    assert_eq!(changed.steps, wf.steps);

    workflow(pool, "Invoice run", None).await;
    let filter = WorkflowFilter {
        automation_status: Some(vec![
            AutomationStatus::SemiAutomated,
            AutomationStatus::Automated,
        ]),
        status: Some(vec![PatternStatus::Active]),
        ..Default::default()
    };
    let page = Workflows::list(pool, &filter, SortOrder::default(), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![changed.clone()]);
    let rows = walk_pages!(
        Workflows,
        pool,
        WorkflowFilter::default(),
        SortOrder::asc(WorkflowSort::Name),
        1
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0], changed,
        "Client onboarding sorts before Invoice run"
    );

    // Errors: a blueprint that does not exist, negative hours, a run still pointing at the workflow.
    let mut bad = WorkflowInsertForm::new("x");
    bad.service_blueprint_id = Some(ServiceBlueprintId(424_242));
    let err = Workflows::insert(pool, &bad).await.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. } if constraint == "workflows_service_blueprint_id_fkey"),
        "{err}"
    );
    let mut bad = WorkflowInsertForm::new("x");
    bad.estimated_hours = Some(dec!(-2));
    let err = Workflows::insert(pool, &bad).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "estimated_hours"),
        "{err}"
    );
    let mut run = ExecutionRunInsertForm::new();
    run.workflow_id = Some(wf.id);
    ExecutionRuns::insert(pool, &run).await.unwrap();
    let err = Workflows::delete(pool, wf.id).await.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. } if constraint == "execution_runs_workflow_id_fkey"),
        "{err}"
    );
    assert!(matches!(
        Workflows::performance(pool, WorkflowId(999_999)).await,
        Err(Error::NotFound {
            table: "erp.workflows",
            ..
        })
    ));
}

#[tokio::test]
async fn process_template_crud_lineage_and_errors() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let wf = workflow(pool, "Onboarding", Some(dec!(4))).await;
    let mut form = ProcessTemplateInsertForm::new("Onboarding - Retainer");
    form.workflow_id = Some(wf);
    form.checklist = Some(vec![
        ChecklistItem::new("Kickoff"),
        ChecklistItem::new("Access"),
    ]);
    form.tags = Some(vec!["retainer".into()]);
    let tpl = ProcessTemplates::insert(pool, &form).await.unwrap();
    assert_eq!(tpl.template_type, ProcessTemplateType::Operational);
    assert_eq!(tpl.checklist[0].item, "Kickoff");
    assert!(!tpl.checklist[0].done);
    assert_eq!(ProcessTemplates::get(pool, tpl.id).await.unwrap(), tpl);
    assert_eq!(
        ProcessTemplates::get_by_global_id(pool, tpl.global_id)
            .await
            .unwrap(),
        tpl
    );
    assert_eq!(
        ProcessTemplates::workflow(pool, tpl.id)
            .await
            .unwrap()
            .map(|w| w.id),
        Some(wf)
    );
    assert_eq!(
        Workflows::process_templates(pool, wf).await.unwrap(),
        vec![tpl.clone()]
    );

    let mut free = ProcessTemplateInsertForm::new("Follow-up email");
    free.template_type = Some(ProcessTemplateType::Communication);
    let free = ProcessTemplates::insert(pool, &free).await.unwrap();
    assert_eq!(
        ProcessTemplates::workflow(pool, free.id).await.unwrap(),
        None
    );

    let filter = ProcessTemplateFilter {
        derived: Some(false),
        ..Default::default()
    };
    let page = ProcessTemplates::list(pool, &filter, SortOrder::default(), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![free.clone()]);
    let filter = ProcessTemplateFilter {
        template_type: Some(vec![ProcessTemplateType::Operational]),
        workflow_id: Some(wf),
        tags: Some(vec!["retainer".into()]),
        ..Default::default()
    };
    let page = ProcessTemplates::list(pool, &filter, SortOrder::default(), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![tpl.clone()]);
    let rows = walk_pages!(
        ProcessTemplates,
        pool,
        ProcessTemplateFilter::default(),
        SortOrder::desc(ProcessTemplateSort::CreatedAt),
        1
    );
    assert_eq!(rows, vec![free.clone(), tpl.clone()]);

    // Detaching the template clears its lineage both ways.
    let detached = ProcessTemplates::update(
        pool,
        tpl.id,
        &ProcessTemplateUpdateForm {
            workflow_id: Some(None),
            status: Some(PatternStatus::Active),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(detached.workflow_id, None);
    assert_eq!(detached.checklist, tpl.checklist);
    assert!(
        Workflows::process_templates(pool, wf)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ProcessTemplates::workflow(pool, tpl.id).await.unwrap(),
        None
    );

    let mut bad = ProcessTemplateInsertForm::new("orphan");
    bad.workflow_id = Some(WorkflowId(777_777));
    let err = ProcessTemplates::insert(pool, &bad).await.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. } if constraint == "process_templates_workflow_id_fkey"),
        "{err}"
    );
    ProcessTemplates::delete(pool, tpl.id).await.unwrap();
    assert!(matches!(
        ProcessTemplates::workflow(pool, tpl.id).await,
        Err(Error::NotFound {
            table: "erp.process_templates",
            ..
        })
    ));
    assert!(matches!(
        ProcessTemplates::get(pool, tpl.id).await,
        Err(Error::NotFound {
            table: "erp.process_templates",
            ..
        })
    ));
}

#[tokio::test]
async fn resource_template_crud_filter_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = ResourceTemplateInsertForm::new("Proposal");
    form.storage_url = Some("https://drive.example/proposal".into());
    let doc = ResourceTemplates::insert(pool, &form).await.unwrap();
    assert_eq!(doc.template_type, ResourceTemplateType::Document);
    assert_eq!(ResourceTemplates::get(pool, doc.id).await.unwrap(), doc);
    assert_eq!(
        ResourceTemplates::get_by_global_id(pool, doc.global_id)
            .await
            .unwrap(),
        doc
    );
    let changed = ResourceTemplates::update(
        pool,
        doc.id,
        &ResourceTemplateUpdateForm {
            storage_url: Some(None),
            template_type: Some(ResourceTemplateType::Media),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.storage_url, None);
    assert_eq!(changed.template_type, ResourceTemplateType::Media);
    assert_eq!(changed.name, doc.name);

    for i in 0..6 {
        let mut f = ResourceTemplateInsertForm::new(format!("Email {i}"));
        f.template_type = Some(ResourceTemplateType::Communication);
        ResourceTemplates::insert(pool, &f).await.unwrap();
    }
    let filter = ResourceTemplateFilter {
        template_type: Some(vec![ResourceTemplateType::Communication]),
        name_contains: Some("email".into()),
        ..Default::default()
    };
    let rows = walk_pages!(
        ResourceTemplates,
        pool,
        filter,
        SortOrder::asc(ResourceTemplateSort::Name),
        4
    );
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter()
            .all(|r| r.template_type == ResourceTemplateType::Communication)
    );
    let rows = walk_pages!(
        ResourceTemplates,
        pool,
        ResourceTemplateFilter::default(),
        SortOrder::asc(ResourceTemplateSort::UpdatedAt),
        5
    );
    assert_eq!(rows.len(), 7);

    let err = ResourceTemplates::insert(pool, &ResourceTemplateInsertForm::new("bad\0name"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "name"),
        "{err}"
    );
    ResourceTemplates::delete(pool, doc.id).await.unwrap();
    assert!(matches!(
        ResourceTemplates::get(pool, doc.id).await,
        Err(Error::NotFound {
            table: "erp.resource_templates",
            ..
        })
    ));
}

#[tokio::test]
async fn active_workflows_come_with_their_templates() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut ids = Vec::new();
    for (name, status) in [
        ("Billing", PatternStatus::Active),
        ("Archive", PatternStatus::Deprecated),
        ("Audit", PatternStatus::Active),
    ] {
        let mut f = WorkflowInsertForm::new(name);
        f.status = Some(status);
        ids.push(Workflows::insert(pool, &f).await.unwrap().id);
    }
    for (name, wf) in [("B2", ids[0]), ("B1", ids[0]), ("old", ids[1])] {
        let mut f = ProcessTemplateInsertForm::new(name);
        f.workflow_id = Some(wf);
        ProcessTemplates::insert(pool, &f).await.unwrap();
    }
    let mut conn = pool.acquire().await.unwrap();
    let got = Workflows::active_with_templates(&mut conn).await.unwrap();
    let shape: Vec<(&str, Vec<&str>)> = got
        .iter()
        .map(|(w, ts)| {
            (
                w.name.as_str(),
                ts.iter().map(|t| t.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![("Audit", vec![]), ("Billing", vec!["B1", "B2"])]
    );
}

fn days_ago(now: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    now - Duration::days(days)
}

async fn run(
    pool: &PgPool,
    wf: WorkflowId,
    started_at: DateTime<Utc>,
    hours: Option<rust_decimal::Decimal>,
) {
    let mut f = ExecutionRunInsertForm::new();
    f.workflow_id = Some(wf);
    f.started_at = Some(started_at);
    f.actual_hours = hours;
    ExecutionRuns::insert(pool, &f).await.unwrap();
}

#[tokio::test]
async fn performance_over_all_runs_and_over_the_last_90_days() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let now = Utc.with_ymd_and_hms(2025, 12, 10, 12, 0, 0).unwrap();
    let steady = workflow(pool, "Steady", Some(dec!(4))).await;
    let slower = workflow(pool, "Slower", Some(dec!(2))).await;
    let idle = workflow(pool, "Idle", Some(dec!(3))).await;
    let unestimated = workflow(pool, "Unestimated", None).await;
    // Steady: 5 h recently, 3 h long ago: on target overall, +25 % in the window.
    run(pool, steady, days_ago(now, 10), Some(dec!(5))).await;
    run(pool, steady, days_ago(now, 200), Some(dec!(3))).await;
    // Slower: 1 h in the window (-50 %) and a run still without hours, which counts but has no hours.
    run(pool, slower, days_ago(now, 1), Some(dec!(1))).await;
    run(pool, slower, days_ago(now, 1) + Duration::hours(1), None).await;
    run(pool, unestimated, days_ago(now, 5), Some(dec!(7))).await;

    let all = Workflows::performance_all(pool).await.unwrap();
    assert_eq!(
        all.iter().map(|p| p.workflow_id).collect::<Vec<_>>(),
        [steady, slower, idle, unestimated]
    );
    let p = &all[0];
    assert_eq!((p.name.as_str(), p.execution_runs_count), ("Steady", 2));
    assert_eq!(p.avg_actual_hours, Some(dec!(4)));
    assert_eq!(p.variance_pct, Some(dec!(0)));
    assert_eq!(Workflows::performance(pool, steady).await.unwrap(), *p);
    assert_eq!(
        (all[1].execution_runs_count, all[1].variance_pct),
        (2, Some(dec!(-50)))
    );
    assert_eq!(
        (
            all[2].execution_runs_count,
            all[2].avg_actual_hours,
            all[2].variance_pct
        ),
        (0, None, None)
    );
    assert_eq!(
        (all[3].avg_actual_hours, all[3].variance_pct),
        (Some(dec!(7)), None)
    );

    let window = Workflows::performance_since(pool, days_ago(now, 90))
        .await
        .unwrap();
    assert_eq!(
        window[0].execution_runs_count, 1,
        "the 200-day-old run is outside the window"
    );
    assert_eq!(window[0].avg_actual_hours, Some(dec!(5)));
    assert_eq!(window[0].variance_pct, Some(dec!(25)));
    assert_eq!(window[1], all[1]);
    assert_eq!(window[2], all[2]);
    // The window's formula is the view's: over every run they agree row for row.
    let everything = Workflows::performance_since(pool, days_ago(now, 100_000))
        .await
        .unwrap();
    assert_eq!(everything, all);
    let empty = Workflows::performance_since(pool, now).await.unwrap();
    assert!(
        empty
            .iter()
            .all(|p| p.execution_runs_count == 0 && p.variance_pct.is_none())
    );

    let drift = Workflows::performance_by_drift(pool, Some(days_ago(now, 90)))
        .await
        .unwrap();
    assert_eq!(
        drift.iter().map(|p| p.workflow_id).collect::<Vec<_>>(),
        [slower, steady, idle, unestimated]
    );
    let drift = Workflows::performance_by_drift(pool, None).await.unwrap();
    assert_eq!(
        drift.iter().map(|p| p.workflow_id).collect::<Vec<_>>(),
        [slower, steady, idle, unestimated]
    );
    assert_eq!(drift[1].variance_pct, Some(dec!(0)));
}
