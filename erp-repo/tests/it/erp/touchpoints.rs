//! Touchpoints: CRUD, filters and pages, the Touchpoint-run rule, logging a touchpoint with its run in
//! one transaction, and due follow-ups.

use erp_model::{
    ExecutionRunInsertForm, ResourceTemplateInsertForm, RunStatus, RunType, Touchpoint,
    TouchpointChannel, TouchpointDirection, TouchpointInsertForm, TouchpointStatus,
    TouchpointUpdateForm,
};
use erp_repo::erp::{
    ExecutionRuns, ResourceTemplates, TouchpointFilter, TouchpointSort, Touchpoints,
};
use erp_repo::{PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use super::{assert_check, assert_invalid, date, org, ts};
use crate::people_orgs::{assert_visited_once_in_order, walk};
use crate::sessions_events::{person, round_trip};

#[tokio::test]
async fn touchpoint_crud_filters_and_run_rule() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let carla = person(pool, "Carla").await;
    let owner = person(pool, "Olav").await;
    let acme = org(pool, "Acme").await;
    let deck = ResourceTemplates::insert(pool, &ResourceTemplateInsertForm::new("Deck"))
        .await
        .unwrap();
    let form = TouchpointInsertForm {
        summary: Some("intro".into()),
        channel: Some(TouchpointChannel::VideoCall),
        direction: Some(TouchpointDirection::Inbound),
        status: Some(TouchpointStatus::NoResponse),
        occurred_at: Some(ts("2025-11-03T09:00:00Z")),
        duration_minutes: Some(30),
        person_id: Some(carla),
        organization_id: Some(acme),
        owner_person_id: Some(owner),
        resource_template_id: Some(deck.id),
        next_step: Some("send deck".into()),
        follow_up_on: Some(date("2025-11-07")),
        ..TouchpointInsertForm::new("Intro call")
    };
    let tp = Touchpoints::insert(pool, &form).await.unwrap();
    assert_eq!(
        tp,
        Touchpoint {
            id: tp.id,
            global_id: tp.global_id,
            subject: "Intro call".into(),
            summary: Some("intro".into()),
            channel: TouchpointChannel::VideoCall,
            direction: TouchpointDirection::Inbound,
            status: TouchpointStatus::NoResponse,
            occurred_at: ts("2025-11-03T09:00:00Z"),
            duration_minutes: Some(30),
            person_id: Some(carla),
            organization_id: Some(acme),
            owner_person_id: Some(owner),
            engagement_id: None,
            deal_id: None,
            resource_template_id: Some(deck.id),
            execution_run_id: None,
            next_step: Some("send deck".into()),
            follow_up_on: Some(date("2025-11-07")),
            created_at: tp.created_at,
            updated_at: tp.updated_at,
        }
    );
    let bare = Touchpoints::insert(pool, &TouchpointInsertForm::new("Newsletter"))
        .await
        .unwrap();
    assert_eq!(
        (bare.channel, bare.direction, bare.status),
        (
            TouchpointChannel::Email,
            TouchpointDirection::Outbound,
            TouchpointStatus::Completed
        )
    );
    assert_check(
        Touchpoints::update(
            pool,
            bare.id,
            &TouchpointUpdateForm {
                duration_minutes: Some(Some(-5)),
                ..Default::default()
            },
        )
        .await,
        "touchpoints",
        "duration_minutes",
    );
    // Only a Touchpoint run times a touchpoint (a trigger, reported like a CHECK).
    let process_run = ExecutionRuns::insert(pool, &ExecutionRunInsertForm::new())
        .await
        .unwrap();
    assert_eq!(process_run.run_type, RunType::Process);
    assert_check(
        Touchpoints::update(
            pool,
            bare.id,
            &TouchpointUpdateForm {
                execution_run_id: Some(Some(process_run.id)),
                ..Default::default()
            },
        )
        .await,
        "touchpoints",
        "execution_run_id",
    );
    // A resource template in use is not deleted.
    let err = ResourceTemplates::delete(pool, deck.id).await;
    crate::sessions_events::assert_fk(err, "touchpoints_resource_template_id_fkey");

    let mut ids = vec![];
    for i in 0..4 {
        let form = TouchpointInsertForm {
            occurred_at: Some(ts("2025-11-10T09:00:00Z") + chrono::Duration::days(i)),
            channel: Some(if i % 2 == 0 {
                TouchpointChannel::Email
            } else {
                TouchpointChannel::Call
            }),
            organization_id: Some(acme),
            ..TouchpointInsertForm::new(format!("Follow-up {i}"))
        };
        ids.push(Touchpoints::insert(pool, &form).await.unwrap().id.0);
    }
    let subjects = async |filter: TouchpointFilter| {
        Touchpoints::list(
            pool,
            &filter,
            SortOrder::asc(TouchpointSort::OccurredAt),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.subject)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        subjects(TouchpointFilter {
            organization_id: Some(acme),
            channel: Some(vec![TouchpointChannel::Call]),
            ..Default::default()
        })
        .await,
        ["Follow-up 1", "Follow-up 3"]
    );
    assert_eq!(
        subjects(TouchpointFilter {
            occurred_from: Some(ts("2025-11-11T00:00:00Z")),
            occurred_to: Some(ts("2025-11-12T23:59:59Z")),
            ..Default::default()
        })
        .await,
        ["Follow-up 1", "Follow-up 2"]
    );
    for filter in [
        TouchpointFilter {
            person_id: Some(carla),
            ..Default::default()
        },
        TouchpointFilter {
            owner_person_id: Some(owner),
            direction: Some(TouchpointDirection::Inbound),
            ..Default::default()
        },
        TouchpointFilter {
            resource_template_id: Some(deck.id),
            status: Some(vec![TouchpointStatus::NoResponse]),
            ..Default::default()
        },
        TouchpointFilter {
            follow_up_to: Some(date("2025-11-30")),
            subject_contains: Some("intro".into()),
            ..Default::default()
        },
    ] {
        assert_eq!(subjects(filter).await, ["Intro call"]);
    }
    let seen = walk::<Touchpoints>(
        pool,
        &TouchpointFilter {
            organization_id: Some(acme),
            ..Default::default()
        },
        SortOrder::desc(TouchpointSort::OccurredAt),
        3,
        async || {},
    )
    .await;
    ids.insert(0, tp.id.0);
    ids.reverse();
    assert_visited_once_in_order(&seen, &ids);

    let due = Touchpoints::follow_ups_due(pool, date("2025-11-07"))
        .await
        .unwrap();
    assert_eq!(due.iter().map(|t| t.id).collect::<Vec<_>>(), [tp.id]);
    assert!(
        Touchpoints::follow_ups_due(pool, date("2025-11-06"))
            .await
            .unwrap()
            .is_empty()
    );

    round_trip::<Touchpoints>(
        pool,
        tp.id,
        &tp,
        &TouchpointUpdateForm {
            status: Some(TouchpointStatus::Completed),
            follow_up_on: Some(None),
            ..Default::default()
        },
        |c| Touchpoint {
            status: TouchpointStatus::Completed,
            follow_up_on: None,
            updated_at: c.updated_at,
            ..tp.clone()
        },
        &TouchpointFilter {
            person_id: Some(carla),
            ..Default::default()
        },
        &TouchpointUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn log_with_run_inserts_both_or_neither() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let owner = person(pool, "Olav").await;
    let form = TouchpointInsertForm {
        channel: Some(TouchpointChannel::Call),
        occurred_at: Some(ts("2025-11-06T10:00:00Z")),
        duration_minutes: Some(90),
        owner_person_id: Some(owner),
        ..TouchpointInsertForm::new("Kickoff call")
    };
    let (tp, run) = Touchpoints::log_with_run(&mut conn, &form, &ExecutionRunInsertForm::new())
        .await
        .unwrap();
    assert_eq!(tp.execution_run_id, Some(run.id));
    assert_eq!(run.run_type, RunType::Touchpoint);
    assert_eq!(run.started_at, ts("2025-11-06T10:00:00Z"));
    assert_eq!(run.ended_at, Some(ts("2025-11-06T11:30:00Z")));
    assert_eq!(run.actual_hours, Some(dec!(1.50)));
    assert_eq!(run.executed_by, Some(owner));
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(tp.occurred_at, run.started_at);

    // The run's own start wins and is the touchpoint's too.
    let (tp2, run2) = Touchpoints::log_with_run(
        &mut conn,
        &TouchpointInsertForm::new("Follow-up"),
        &ExecutionRunInsertForm {
            started_at: Some(ts("2025-11-07T08:00:00Z")),
            actual_hours: Some(dec!(0.25)),
            ..ExecutionRunInsertForm::new()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (tp2.occurred_at, run2.ended_at, run2.actual_hours),
        (run2.started_at, None, Some(dec!(0.25)))
    );

    assert_invalid(
        Touchpoints::log_with_run(
            &mut conn,
            &form,
            &ExecutionRunInsertForm {
                run_type: Some(RunType::Process),
                ..ExecutionRunInsertForm::new()
            },
        )
        .await,
        "run_type",
    );
    assert_invalid(
        Touchpoints::log_with_run(
            &mut conn,
            &TouchpointInsertForm {
                execution_run_id: Some(run.id),
                ..form.clone()
            },
            &ExecutionRunInsertForm::new(),
        )
        .await,
        "execution_run_id",
    );
    assert_invalid(
        Touchpoints::log_with_run(
            &mut conn,
            &TouchpointInsertForm {
                occurred_at: Some(
                    chrono::DateTime::<chrono::Utc>::MAX_UTC - chrono::Duration::minutes(1),
                ),
                duration_minutes: Some(i32::MAX),
                ..form.clone()
            },
            &ExecutionRunInsertForm::new(),
        )
        .await,
        "duration_minutes",
    );
    // A touchpoint the database refuses leaves no run behind.
    let runs_before: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.execution_runs")
        .fetch_one(pool)
        .await
        .unwrap();
    let err = Touchpoints::log_with_run(
        &mut conn,
        &TouchpointInsertForm {
            person_id: Some(erp_model::PersonId(999_999)),
            ..form.clone()
        },
        &ExecutionRunInsertForm::new(),
    )
    .await;
    crate::sessions_events::assert_fk(err, "touchpoints_person_id_fkey");
    let runs_after: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.execution_runs")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(runs_before, runs_after);
}
