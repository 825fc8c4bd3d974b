//! Plans, scheduler runs (claimed by exactly one worker) and versioned prompt templates.

use std::collections::HashSet;

use agent_model::{
    Plan, PlanId, PlanInsertForm, PlanStatus, PlanUpdateForm, PromptTemplate,
    PromptTemplateInsertForm, PromptTemplateType, PromptTemplateUpdateForm, ScheduleBlock,
    SchedulerRun, SchedulerRunInsertForm, SchedulerRunStatus, SchedulerRunUpdateForm, Sop, SopStep,
};
use chrono::{Duration, Utc};
use erp_repo::Error;
use erp_repo::agent::{
    PlanFilter, Plans, PromptTemplateFilter, PromptTemplates, SchedulerRunFilter, SchedulerRuns,
};
use erp_testkit::TestDb;
use serde_json::json;

use crate::common::{assert_check_violation, assert_fk, at, round_trip};

#[tokio::test]
async fn plan_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let sop = Sop {
        steps: vec![SopStep::new("research"), SopStep::new("write")],
    };
    let form = PlanInsertForm {
        intent: Some("Publish the launch post".into()),
        sop: Some(sop.clone()),
        client_id: Some("acme".into()),
        status: Some(PlanStatus::Approved),
        metadata: Some(json!({"source": "chat"})),
        ..PlanInsertForm::new("Launch post")
    };
    let p = Plans::insert(pool, &form).await.unwrap();
    assert_eq!(
        p,
        Plan {
            id: p.id,
            plan_title: "Launch post".into(),
            intent: Some("Publish the launch post".into()),
            sop: sop.clone(),
            client_id: Some("acme".into()),
            status: PlanStatus::Approved,
            metadata: json!({"source": "chat"}),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    );
    Plans::insert(pool, &PlanInsertForm::new("Other"))
        .await
        .unwrap();
    round_trip::<Plans>(
        pool,
        p.id,
        &p,
        &PlanUpdateForm {
            intent: Some(None),
            client_id: Some(None),
            status: Some(PlanStatus::InProgress),
            sop: Some(Sop::default()),
            ..Default::default()
        },
        |c| Plan {
            intent: None,
            client_id: None,
            status: PlanStatus::InProgress,
            sop: Sop::default(),
            updated_at: c.updated_at,
            ..p.clone()
        },
        &PlanFilter {
            status: Some(vec![PlanStatus::InProgress]),
            title_contains: Some("launch".into()),
            ..Default::default()
        },
        &PlanUpdateForm::default(),
    )
    .await;
    assert_check_violation(
        pool,
        "INSERT INTO agent.plans (plan_title, status) VALUES ('x', 'someday')",
        "status",
    )
    .await;
}

#[tokio::test]
async fn scheduler_run_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let plan = Plans::insert(pool, &PlanInsertForm::new("p"))
        .await
        .unwrap();
    let blocks = vec![ScheduleBlock {
        title: "write".into(),
        starts_at: at(60),
        ends_at: at(120),
        task_id: Some(erp_model::TaskId(7)),
    }];
    let form = SchedulerRunInsertForm {
        schedule_blocks: Some(blocks.clone()),
        client_id: Some("acme".into()),
        status: Some(SchedulerRunStatus::Claimed),
        calendar_events: Some(json!([{"id": "evt-1"}])),
        scheduled_for: Some(at(0)),
        claimed_by: Some("worker-1".into()),
        claimed_at: Some(at(1)),
        metadata: Some(json!({"try": 1})),
        ..SchedulerRunInsertForm::new(plan.id)
    };
    let r = SchedulerRuns::insert(pool, &form).await.unwrap();
    assert_eq!(
        r,
        SchedulerRun {
            id: r.id,
            plan_id: plan.id,
            schedule_blocks: blocks.clone(),
            client_id: Some("acme".into()),
            status: SchedulerRunStatus::Claimed,
            calendar_events: json!([{"id": "evt-1"}]),
            scheduled_for: at(0),
            claimed_by: Some("worker-1".into()),
            claimed_at: Some(at(1)),
            metadata: json!({"try": 1}),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    );
    SchedulerRuns::insert(pool, &SchedulerRunInsertForm::new(plan.id))
        .await
        .unwrap();
    round_trip::<SchedulerRuns>(
        pool,
        r.id,
        &r,
        &SchedulerRunUpdateForm {
            status: Some(SchedulerRunStatus::Pending),
            claimed_by: Some(None),
            claimed_at: Some(None),
            schedule_blocks: Some(vec![]),
            ..Default::default()
        },
        |c| SchedulerRun {
            status: SchedulerRunStatus::Pending,
            claimed_by: None,
            claimed_at: None,
            schedule_blocks: vec![],
            updated_at: c.updated_at,
            ..r.clone()
        },
        &SchedulerRunFilter {
            plan_id: Some(plan.id),
            client_id: Some("acme".into()),
            status: Some(vec![SchedulerRunStatus::Pending]),
            scheduled_from: Some(at(-1)),
            scheduled_to: Some(at(1)),
            ..Default::default()
        },
        &SchedulerRunUpdateForm::default(),
    )
    .await;
    assert_fk(
        SchedulerRuns::insert(pool, &SchedulerRunInsertForm::new(PlanId(999))).await,
        "scheduler_runs_plan_id_fkey",
    );
    assert_check_violation(
        pool,
        "UPDATE agent.scheduler_runs SET status = 'lost'",
        "status",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn workers_claim_each_due_run_exactly_once() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool().clone();
    let plan = Plans::insert(&pool, &PlanInsertForm::new("daily"))
        .await
        .unwrap();
    let now = Utc::now();
    let due: Vec<SchedulerRunInsertForm> = (0..50)
        .map(|i| SchedulerRunInsertForm {
            scheduled_for: Some(now - Duration::minutes(i)),
            ..SchedulerRunInsertForm::new(plan.id)
        })
        .collect();
    let mut conn = pool.acquire().await.unwrap();
    let due_ids: HashSet<_> = SchedulerRuns::insert_many(&mut conn, &due)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    // Not yet due, and due but no longer pending: neither is ever claimed.
    let later: Vec<SchedulerRunInsertForm> = (1..=5)
        .map(|i| SchedulerRunInsertForm {
            scheduled_for: Some(now + Duration::hours(i)),
            ..SchedulerRunInsertForm::new(plan.id)
        })
        .collect();
    SchedulerRuns::insert_many(&mut conn, &later).await.unwrap();
    SchedulerRuns::insert(
        &pool,
        &SchedulerRunInsertForm {
            status: Some(SchedulerRunStatus::Cancelled),
            scheduled_for: Some(now - Duration::hours(1)),
            ..SchedulerRunInsertForm::new(plan.id)
        },
    )
    .await
    .unwrap();

    let mut workers = Vec::new();
    for w in 0..4 {
        let pool = pool.clone();
        workers.push(tokio::spawn(async move {
            let name = format!("worker-{w}");
            let mut mine = Vec::new();
            loop {
                let got = SchedulerRuns::claim_due(&pool, &name, now, 5)
                    .await
                    .unwrap();
                if got.is_empty() {
                    break;
                }
                assert!(got.len() <= 5);
                for run in &got {
                    assert_eq!(run.status, SchedulerRunStatus::Claimed);
                    assert_eq!(run.claimed_by.as_deref(), Some(name.as_str()));
                    assert!(run.claimed_at.is_some());
                }
                assert!(
                    got.windows(2)
                        .all(|p| p[0].scheduled_for <= p[1].scheduled_for)
                );
                mine.extend(got.into_iter().map(|r| r.id));
                tokio::task::yield_now().await;
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    let unique: HashSet<_> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "a run was claimed twice");
    assert_eq!(unique, due_ids, "together the workers took every due run");

    let pending = SchedulerRuns::list(
        &pool,
        &SchedulerRunFilter {
            status: Some(vec![SchedulerRunStatus::Pending]),
            ..Default::default()
        },
        Default::default(),
        &Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(pending.items.len(), 5);
    assert!(pending.items.iter().all(|r| r.scheduled_for > now));
    assert!(
        SchedulerRuns::claim_due(&pool, "late", now, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Once due, they are claimed, earliest first.
    let later_claim = SchedulerRuns::claim_due(&pool, "late", now + Duration::hours(3), 10)
        .await
        .unwrap();
    assert_eq!(later_claim.len(), 3);
    assert!(
        later_claim
            .windows(2)
            .all(|p| p[0].scheduled_for < p[1].scheduled_for)
    );
}

#[tokio::test]
async fn claiming_takes_the_earliest_due_and_completing_ends_a_run() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let plan = Plans::insert(pool, &PlanInsertForm::new("p"))
        .await
        .unwrap();
    let other_plan = Plans::insert(pool, &PlanInsertForm::new("q"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for minutes in [30, 10, 20] {
        let form = SchedulerRunInsertForm {
            scheduled_for: Some(at(minutes)),
            ..SchedulerRunInsertForm::new(plan.id)
        };
        ids.push(SchedulerRuns::insert(pool, &form).await.unwrap().id);
    }
    SchedulerRuns::insert(pool, &SchedulerRunInsertForm::new(other_plan.id))
        .await
        .unwrap();
    let of_plan = SchedulerRuns::of_plan(pool, plan.id).await.unwrap();
    assert_eq!(
        of_plan.iter().map(|r| r.id).collect::<Vec<_>>(),
        [ids[1], ids[2], ids[0]]
    );

    let first = SchedulerRuns::claim_due(pool, "w", at(60), 2)
        .await
        .unwrap();
    assert_eq!(
        first.iter().map(|r| r.id).collect::<Vec<_>>(),
        [ids[1], ids[2]]
    );
    let done = SchedulerRuns::complete(pool, ids[1], SchedulerRunStatus::Completed)
        .await
        .unwrap();
    assert_eq!(done.status, SchedulerRunStatus::Completed);
    assert_eq!(done.claimed_by.as_deref(), Some("w"));
    assert!(matches!(
        SchedulerRuns::complete(pool, ids[2], SchedulerRunStatus::Pending).await,
        Err(Error::InvalidInput { field, .. }) if field == "status"
    ));
    assert!(matches!(
        SchedulerRuns::complete(
            pool,
            agent_model::SchedulerRunId(999),
            SchedulerRunStatus::Failed
        )
        .await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        SchedulerRuns::claim_due(pool, " ", at(60), 2).await,
        Err(Error::InvalidInput { field, .. }) if field == "worker"
    ));
    assert!(matches!(
        SchedulerRuns::claim_due(pool, "w", at(60), 0).await,
        Err(Error::InvalidInput { field, .. }) if field == "limit"
    ));
}

#[tokio::test]
async fn prompt_template_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = PromptTemplateInsertForm {
        template_type: Some(PromptTemplateType::Planner),
        version: Some(3),
        variables: Some(json!(["goal"])),
        metadata: Some(json!({"author": "ada"})),
        ..PromptTemplateInsertForm::new("plan-week", "Plan {{goal}}")
    };
    let t = PromptTemplates::insert(pool, &form).await.unwrap();
    assert_eq!(
        t,
        PromptTemplate {
            id: t.id,
            template_name: "plan-week".into(),
            template_type: PromptTemplateType::Planner,
            content: "Plan {{goal}}".into(),
            version: 3,
            variables: json!(["goal"]),
            metadata: json!({"author": "ada"}),
            purpose: None,
            status: erp_model::PatternStatus::Active,
            topic_id: None,
            target_model: None,
            tags: vec![],
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    );
    PromptTemplates::insert(pool, &PromptTemplateInsertForm::new("summarize", "Sum up"))
        .await
        .unwrap();
    round_trip::<PromptTemplates>(
        pool,
        t.id,
        &t,
        &PromptTemplateUpdateForm {
            content: Some("Plan the week for {{goal}}".into()),
            template_type: Some(PromptTemplateType::System),
            ..Default::default()
        },
        |c| PromptTemplate {
            content: "Plan the week for {{goal}}".into(),
            template_type: PromptTemplateType::System,
            updated_at: c.updated_at,
            ..t.clone()
        },
        &PromptTemplateFilter {
            template_name: Some("plan-week".into()),
            template_type: Some(vec![PromptTemplateType::System]),
            ..Default::default()
        },
        &PromptTemplateUpdateForm::default(),
    )
    .await;
    let err = PromptTemplates::insert(
        pool,
        &PromptTemplateInsertForm {
            version: Some(0),
            ..PromptTemplateInsertForm::new("x", "y")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "version"),
        "{err}"
    );
    assert_check_violation(
        pool,
        "INSERT INTO agent.prompt_templates (template_name, content, template_type) \
         VALUES ('x', 'y', 'haiku')",
        "template_type",
    )
    .await;
}

#[tokio::test]
async fn prompt_templates_by_name_latest_version() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut versions = Vec::new();
    // Inserted out of order: the latest is the highest version, not the newest row.
    for v in [1, 3, 2] {
        let form = PromptTemplateInsertForm {
            version: Some(v),
            ..PromptTemplateInsertForm::new("reflect", format!("v{v}"))
        };
        versions.push(PromptTemplates::insert(pool, &form).await.unwrap());
    }
    PromptTemplates::insert(
        pool,
        &PromptTemplateInsertForm {
            version: Some(9),
            ..PromptTemplateInsertForm::new("reflect-long", "other")
        },
    )
    .await
    .unwrap();
    assert_eq!(
        PromptTemplates::latest(pool, "reflect").await.unwrap(),
        versions[1]
    );
    assert_eq!(
        PromptTemplates::by_name_version(pool, "reflect", 2)
            .await
            .unwrap(),
        versions[2]
    );
    assert!(matches!(
        PromptTemplates::by_name_version(pool, "reflect", 4).await,
        Err(Error::NotFound {
            table: "agent.prompt_templates",
            ..
        })
    ));
    assert!(matches!(
        PromptTemplates::latest(pool, "nope").await,
        Err(Error::NotFound { .. })
    ));
    let err = PromptTemplates::insert(
        pool,
        &PromptTemplateInsertForm {
            version: Some(3),
            ..PromptTemplateInsertForm::new("reflect", "again")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "prompt_templates_template_name_version_key"),
        "{err}"
    );
}
