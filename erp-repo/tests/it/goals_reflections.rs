//! Goals (tree, ancestors, open goals by priority), reflections and step evaluations.

use agent_model::{
    EvaluationStatus, Goal, GoalId, GoalInsertForm, GoalPriority, GoalStatus, GoalUpdateForm,
    Reflection, ReflectionInsertForm, ReflectionMode, ReflectionScope, ReflectionUpdateForm,
    StepEvaluation, StepEvaluationInsertForm, StepEvaluationUpdateForm, SubjectType,
    SuccessCriterion, ValidatorType,
};
use erp_model::ExecutionRunId;
use erp_repo::Error;
use erp_repo::agent::{
    GoalFilter, Goals, ReflectionFilter, Reflections, Sessions, StartSession, StepEvaluationFilter,
    StepEvaluations,
};
use erp_testkit::TestDb;
use serde_json::json;
use sqlx::PgPool;

use crate::common::{assert_check_violation, assert_fk, date, person, round_trip};

async fn execution_run(pool: &PgPool) -> ExecutionRunId {
    ExecutionRunId(
        sqlx::query_scalar("INSERT INTO erp.execution_runs DEFAULT VALUES RETURNING id")
            .fetch_one(pool)
            .await
            .unwrap(),
    )
}

fn goal(title: &str, parent: Option<GoalId>) -> GoalInsertForm {
    GoalInsertForm {
        parent_goal_id: parent,
        ..GoalInsertForm::new(SubjectType::Venture, "v1", title)
    }
}

fn titles(goals: &[Goal]) -> Vec<&str> {
    goals.iter().map(|g| g.title.as_str()).collect()
}

#[tokio::test]
async fn goal_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let root = Goals::insert(pool, &goal("Grow", None)).await.unwrap();
    let form = GoalInsertForm {
        description: Some("Ten paying clients".into()),
        success_criteria: Some(vec![SuccessCriterion::new("10 contracts signed")]),
        status: Some(GoalStatus::Proposed),
        priority: Some(GoalPriority::High),
        time_horizon_start: Some(date("2026-01-01")),
        time_horizon_end: Some(date("2026-03-31")),
        parent_goal_id: Some(root.id),
        ..GoalInsertForm::new(SubjectType::Venture, "v1", "Win clients")
    };
    let g = Goals::insert(pool, &form).await.unwrap();
    assert_eq!(
        g,
        Goal {
            id: g.id,
            global_id: g.global_id,
            subject_type: SubjectType::Venture,
            subject_id: "v1".into(),
            title: "Win clients".into(),
            description: Some("Ten paying clients".into()),
            success_criteria: vec![SuccessCriterion::new("10 contracts signed")],
            status: GoalStatus::Proposed,
            priority: GoalPriority::High,
            time_horizon_start: Some(date("2026-01-01")),
            time_horizon_end: Some(date("2026-03-31")),
            parent_goal_id: Some(root.id),
            created_at: g.created_at,
            updated_at: g.updated_at,
        }
    );
    let met = vec![SuccessCriterion {
        met: true,
        ..SuccessCriterion::new("10 contracts signed")
    }];
    round_trip::<Goals>(
        pool,
        g.id,
        &g,
        &GoalUpdateForm {
            status: Some(GoalStatus::Achieved),
            success_criteria: Some(met.clone()),
            description: Some(None),
            parent_goal_id: Some(None),
            ..Default::default()
        },
        |c| Goal {
            status: GoalStatus::Achieved,
            success_criteria: met.clone(),
            description: None,
            parent_goal_id: None,
            updated_at: c.updated_at,
            ..g.clone()
        },
        &GoalFilter {
            subject_type: Some(SubjectType::Venture),
            status: Some(vec![GoalStatus::Achieved]),
            root: Some(true),
            title_contains: Some("WIN".into()),
            ..Default::default()
        },
        &GoalUpdateForm::default(),
    )
    .await;

    assert_fk(
        Goals::insert(pool, &goal("orphan", Some(GoalId(999)))).await,
        "goals_parent_goal_id_fkey",
    );
    let backwards = GoalInsertForm {
        time_horizon_start: Some(date("2026-02-01")),
        time_horizon_end: Some(date("2026-01-01")),
        ..goal("x", None)
    };
    let err = Goals::insert(pool, &backwards).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "time_horizon_end"),
        "{err}"
    );
    let err = Goals::update(
        pool,
        root.id,
        &GoalUpdateForm {
            parent_goal_id: Some(Some(root.id)),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "parent_goal_id"),
        "{err}"
    );
    assert_check_violation(
        pool,
        "UPDATE agent.goals SET priority = 'urgent'",
        "priority",
    )
    .await;
}

#[tokio::test]
async fn goal_tree_children_and_ancestors() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let root = Goals::insert(pool, &goal("root", None)).await.unwrap();
    let mid = Goals::insert(pool, &goal("mid", Some(root.id)))
        .await
        .unwrap();
    let sibling = Goals::insert(pool, &goal("sibling", Some(root.id)))
        .await
        .unwrap();
    let leaf = Goals::insert(pool, &goal("leaf", Some(mid.id)))
        .await
        .unwrap();

    assert_eq!(
        titles(&Goals::children(pool, root.id).await.unwrap()),
        ["mid", "sibling"]
    );
    assert_eq!(
        titles(&Goals::children(pool, mid.id).await.unwrap()),
        ["leaf"]
    );
    assert!(Goals::children(pool, leaf.id).await.unwrap().is_empty());

    let ancestors = Goals::ancestors(pool, leaf.id).await.unwrap();
    assert_eq!(ancestors, vec![mid.clone(), root.clone()], "nearest first");
    assert_eq!(
        titles(&Goals::ancestors(pool, sibling.id).await.unwrap()),
        ["root"]
    );
    assert!(Goals::ancestors(pool, root.id).await.unwrap().is_empty());
    assert!(
        Goals::ancestors(pool, GoalId(999))
            .await
            .unwrap()
            .is_empty()
    );

    // A cycle root -> leaf -> mid -> root: the climb stops where it started.
    Goals::update(
        pool,
        root.id,
        &GoalUpdateForm {
            parent_goal_id: Some(Some(leaf.id)),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        titles(&Goals::ancestors(pool, leaf.id).await.unwrap()),
        ["mid", "root"]
    );
    assert_eq!(
        titles(&Goals::ancestors(pool, sibling.id).await.unwrap()),
        ["root", "leaf", "mid"]
    );
}

#[tokio::test]
async fn open_goals_of_a_subject_by_priority() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    for (title, priority, status, end) in [
        ("low", GoalPriority::Low, GoalStatus::Active, None),
        (
            "high late",
            GoalPriority::High,
            GoalStatus::Active,
            Some("2026-06-30"),
        ),
        (
            "high open-ended",
            GoalPriority::High,
            GoalStatus::Blocked,
            None,
        ),
        (
            "high soon",
            GoalPriority::High,
            GoalStatus::Proposed,
            Some("2026-01-31"),
        ),
        ("critical", GoalPriority::Critical, GoalStatus::Active, None),
        ("medium", GoalPriority::Medium, GoalStatus::Active, None),
        ("done", GoalPriority::Critical, GoalStatus::Achieved, None),
        (
            "dropped",
            GoalPriority::Critical,
            GoalStatus::Abandoned,
            None,
        ),
    ] {
        let form = GoalInsertForm {
            priority: Some(priority),
            status: Some(status),
            time_horizon_end: end.map(date),
            ..goal(title, None)
        };
        Goals::insert(pool, &form).await.unwrap();
    }
    Goals::insert(
        pool,
        &GoalInsertForm::new(SubjectType::Venture, "v2", "another venture"),
    )
    .await
    .unwrap();
    let open = Goals::open_for_subject(pool, SubjectType::Venture, "v1")
        .await
        .unwrap();
    assert_eq!(
        titles(&open),
        [
            "critical",
            "high soon",
            "high late",
            "high open-ended",
            "medium",
            "low"
        ]
    );
}

#[tokio::test]
async fn reflection_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let s = Sessions::start(pool, StartSession::default())
        .await
        .unwrap();
    let ada = person(pool, "Ada").await;
    let form = ReflectionInsertForm {
        session_id: Some(s.id),
        reflection_date: Some(date("2025-12-05")),
        mode: Some(ReflectionMode::Weekly),
        client_person_id: Some(ada),
        scope: Some(ReflectionScope::Project),
        focal_entity_type: Some(SubjectType::Project),
        focal_entity_id: Some("42".into()),
        goals: Some("ship".into()),
        accomplishments: Some("shipped".into()),
        blockers: Some("none".into()),
        decisions: Some("keep going".into()),
        metrics: Some(json!({"hours": 31})),
        next_actions: Some("plan".into()),
        raw_text: Some("A good week".into()),
        client_id: Some("acme".into()),
    };
    let r = Reflections::record(pool, &form).await.unwrap();
    assert_eq!(
        r,
        Reflection {
            id: r.id,
            session_id: Some(s.id),
            reflection_date: date("2025-12-05"),
            mode: ReflectionMode::Weekly,
            client_person_id: Some(ada),
            scope: Some(ReflectionScope::Project),
            focal_entity_type: Some(SubjectType::Project),
            focal_entity_id: Some("42".into()),
            goals: Some("ship".into()),
            accomplishments: Some("shipped".into()),
            blockers: Some("none".into()),
            decisions: Some("keep going".into()),
            metrics: json!({"hours": 31}),
            next_actions: Some("plan".into()),
            raw_text: Some("A good week".into()),
            created_at: r.created_at,
            client_id: Some("acme".into()),
        }
    );
    let bare = Reflections::record(pool, &ReflectionInsertForm::new())
        .await
        .unwrap();
    assert_eq!(bare.mode, ReflectionMode::Daily);
    round_trip::<Reflections>(
        pool,
        r.id,
        &r,
        &ReflectionUpdateForm {
            blockers: Some(None),
            session_id: Some(None),
            mode: Some(ReflectionMode::Retrospective),
            ..Default::default()
        },
        |_| Reflection {
            blockers: None,
            session_id: None,
            mode: ReflectionMode::Retrospective,
            ..r.clone()
        },
        &ReflectionFilter {
            mode: Some(vec![ReflectionMode::Retrospective]),
            client_person_id: Some(ada),
            date_from: Some(date("2025-12-01")),
            date_to: Some(date("2025-12-07")),
            text_contains: Some("good".into()),
            ..Default::default()
        },
        &ReflectionUpdateForm::default(),
    )
    .await;

    assert_fk(
        Reflections::record(
            pool,
            &ReflectionInsertForm {
                session_id: Some(agent_model::SessionId(999)),
                ..Default::default()
            },
        )
        .await,
        "reflections_session_id_fkey",
    );
    assert_check_violation(
        pool,
        "INSERT INTO agent.reflections (mode) VALUES ('monthly')",
        "mode",
    )
    .await;
    assert_check_violation(
        pool,
        "INSERT INTO agent.reflections (scope) VALUES ('galaxy')",
        "scope",
    )
    .await;
}

#[tokio::test]
async fn step_evaluation_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let run = execution_run(pool).await;
    let form = StepEvaluationInsertForm {
        status: Some(EvaluationStatus::Failed),
        score: Some(0.25),
        feedback: Some("missing citation".into()),
        needs_human: Some(true),
        ..StepEvaluationInsertForm::new(run, "draft", 2, ValidatorType::Llm)
    };
    let e = StepEvaluations::record(pool, &form).await.unwrap();
    assert_eq!(
        e,
        StepEvaluation {
            id: e.id,
            execution_run_id: run,
            step_name: "draft".into(),
            step_index: 2,
            validator_type: ValidatorType::Llm,
            status: EvaluationStatus::Failed,
            score: Some(0.25),
            feedback: Some("missing citation".into()),
            needs_human: true,
            created_at: e.created_at,
        }
    );
    StepEvaluations::record(
        pool,
        &StepEvaluationInsertForm::new(run, "outline", 0, ValidatorType::Rule),
    )
    .await
    .unwrap();
    round_trip::<StepEvaluations>(
        pool,
        e.id,
        &e,
        &StepEvaluationUpdateForm {
            status: Some(EvaluationStatus::Passed),
            score: Some(None),
            needs_human: Some(false),
            validator_type: Some(ValidatorType::Human),
            ..Default::default()
        },
        |_| StepEvaluation {
            status: EvaluationStatus::Passed,
            score: None,
            needs_human: false,
            validator_type: ValidatorType::Human,
            ..e.clone()
        },
        &StepEvaluationFilter {
            execution_run_id: Some(run),
            validator_type: Some(vec![ValidatorType::Human]),
            needs_human: Some(false),
            step_name_contains: Some("raf".into()),
            ..Default::default()
        },
        &StepEvaluationUpdateForm::default(),
    )
    .await;

    assert_fk(
        StepEvaluations::record(
            pool,
            &StepEvaluationInsertForm::new(ExecutionRunId(999), "x", 0, ValidatorType::Test),
        )
        .await,
        "step_evaluations_execution_run_id_fkey",
    );
    let err = StepEvaluations::record(
        pool,
        &StepEvaluationInsertForm::new(run, "x", -1, ValidatorType::Test),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "step_index"),
        "{err}"
    );
    assert_check_violation(
        pool,
        "UPDATE agent.step_evaluations SET validator_type = 'oracle'",
        "validator_type",
    )
    .await;
}

#[tokio::test]
async fn a_runs_evaluations_in_step_order_and_those_needing_a_human() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let run = execution_run(pool).await;
    let other = execution_run(pool).await;
    for (step, index, human) in [
        ("review", 2, true),
        ("outline", 0, false),
        ("draft", 1, false),
    ] {
        let form = StepEvaluationInsertForm {
            needs_human: Some(human),
            ..StepEvaluationInsertForm::new(run, step, index, ValidatorType::Rule)
        };
        StepEvaluations::record(pool, &form).await.unwrap();
    }
    // A second grade of step 1 comes after the first.
    StepEvaluations::record(
        pool,
        &StepEvaluationInsertForm::new(run, "draft again", 1, ValidatorType::Llm),
    )
    .await
    .unwrap();
    StepEvaluations::record(
        pool,
        &StepEvaluationInsertForm {
            needs_human: Some(true),
            ..StepEvaluationInsertForm::new(other, "other", 0, ValidatorType::Test)
        },
    )
    .await
    .unwrap();
    let steps = StepEvaluations::of_run(pool, run).await.unwrap();
    assert_eq!(
        steps
            .iter()
            .map(|s| s.step_name.as_str())
            .collect::<Vec<_>>(),
        ["outline", "draft", "draft again", "review"]
    );
    let human = StepEvaluations::needing_human(pool).await.unwrap();
    assert_eq!(
        human
            .iter()
            .map(|s| s.step_name.as_str())
            .collect::<Vec<_>>(),
        ["review", "other"]
    );
    assert!(human.iter().all(|s| s.needs_human));
}
