//! Sessions, events and time-bounded facts: CRUD, promoting events, superseding facts.

use agent_model::{ContextRecipeInsertForm, ProfileInsertForm};
use agent_model::{
    Event, EventInsertForm, EventSource, EventType, EventUpdateForm, Fact, FactInsertForm,
    FactType, FactUpdateForm, MemoryScope, Session, SessionInsertForm, SessionStatus, SessionType,
    SessionUpdateForm, SubjectType,
};
use chrono::{DateTime, Duration, Utc};
use erp_repo::agent::{
    ContextRecipes, EventFilter, Events, FactFilter, Facts, Profiles, SessionFilter, Sessions,
    StartSession,
};
use erp_repo::{Error, PageRequest};
use erp_testkit::TestDb;
use serde_json::json;
use sqlx::PgPool;

// The shared helpers live in `common`; imported with `pub(crate)` only for the files of `tests/it/erp/`
// that still import them from this module.
pub(crate) use crate::common::{assert_check_violation, assert_fk, at, person, round_trip};

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn session_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let profile = Profiles::insert(pool, &ProfileInsertForm::new("planner"))
        .await
        .unwrap();
    let recipe = ContextRecipes::insert(pool, &ContextRecipeInsertForm::new("default"))
        .await
        .unwrap();
    let ada = person(pool, "Ada").await;
    let form = SessionInsertForm {
        profile_id: Some(profile.id),
        session_type: Some(SessionType::Planning),
        client_person_id: Some(ada),
        subject_type: Some(SubjectType::Project),
        subject_id: Some("42".into()),
        status: Some(SessionStatus::Active),
        started_at: Some(at(0)),
        ended_at: None,
        trace_id: Some("trace-1".into()),
        context_recipe_id: Some(recipe.id),
        applied_harness_config: Some(json!({"temperature": 0.2})),
        metadata: Some(json!({"k": "v"})),
        client_id: Some("acme".into()),
    };
    let s = Sessions::insert(pool, &form).await.unwrap();
    assert_eq!(
        s,
        Session {
            id: s.id,
            global_id: s.global_id,
            profile_id: Some(profile.id),
            session_type: SessionType::Planning,
            client_person_id: Some(ada),
            subject_type: Some(SubjectType::Project),
            subject_id: Some("42".into()),
            status: SessionStatus::Active,
            started_at: at(0),
            ended_at: None,
            trace_id: Some("trace-1".into()),
            context_recipe_id: Some(recipe.id),
            applied_harness_config: json!({"temperature": 0.2}),
            metadata: json!({"k": "v"}),
            created_at: s.created_at,
            updated_at: s.updated_at,
            client_id: Some("acme".into()),
        }
    );
    // A decoy the filter must leave out.
    Sessions::insert(pool, &SessionInsertForm::new())
        .await
        .unwrap();
    let update = SessionUpdateForm {
        status: Some(SessionStatus::Completed),
        ended_at: Some(Some(at(30))),
        trace_id: Some(None),
        context_recipe_id: Some(None),
        ..Default::default()
    };
    round_trip::<Sessions>(
        pool,
        s.id,
        &s,
        &update,
        |c| Session {
            status: SessionStatus::Completed,
            ended_at: Some(at(30)),
            trace_id: None,
            context_recipe_id: None,
            updated_at: c.updated_at,
            ..s.clone()
        },
        &SessionFilter {
            profile_id: Some(profile.id),
            status: Some(vec![SessionStatus::Completed]),
            started_from: Some(at(-1)),
            started_to: Some(at(1)),
            ..Default::default()
        },
        &SessionUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn session_errors_are_typed() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    assert_fk(
        Sessions::insert(
            pool,
            &SessionInsertForm {
                profile_id: Some(agent_model::ProfileId(999)),
                ..Default::default()
            },
        )
        .await,
        "sessions_profile_id_fkey",
    );
    assert_check_violation(
        pool,
        "INSERT INTO agent.sessions (session_type) VALUES ('bogus')",
        "session_type",
    )
    .await;
    assert_check_violation(
        pool,
        "INSERT INTO agent.sessions (subject_type) VALUES ('planet')",
        "subject_type",
    )
    .await;
    let s = Sessions::start(pool, StartSession::default())
        .await
        .unwrap();
    let err = Sessions::end(
        pool,
        s.id,
        SessionStatus::Completed,
        Some(s.started_at - Duration::hours(1)),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "ended_at"),
        "{err}"
    );
    assert!(matches!(
        Sessions::end(pool, s.id, SessionStatus::Active, None).await,
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        Sessions::end(
            pool,
            agent_model::SessionId(999),
            SessionStatus::Failed,
            None
        )
        .await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn sessions_start_end_and_list_by_subject() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let profile = Profiles::insert(pool, &ProfileInsertForm::new("p"))
        .await
        .unwrap();
    let start = StartSession {
        profile_id: Some(profile.id),
        trace_id: Some("t-9".into()),
        applied_harness_config: Some(json!({"max_steps": 5})),
        ..StartSession::about(SessionType::Execution, SubjectType::Client, "acme")
    };
    let s = Sessions::start(pool, start).await.unwrap();
    assert_eq!(s.status, SessionStatus::Active);
    assert_eq!(s.session_type, SessionType::Execution);
    assert_eq!(s.subject_type, Some(SubjectType::Client));
    assert_eq!(s.subject_id.as_deref(), Some("acme"));
    assert_eq!(s.trace_id.as_deref(), Some("t-9"));
    assert_eq!(s.applied_harness_config, json!({"max_steps": 5}));
    assert_eq!(s.ended_at, None);

    let ended = Sessions::end(pool, s.id, SessionStatus::Completed, None)
        .await
        .unwrap();
    assert_eq!(ended.status, SessionStatus::Completed);
    assert!(ended.ended_at.unwrap() >= ended.started_at);
    let ended = Sessions::end(pool, s.id, SessionStatus::Failed, Some(s.started_at))
        .await
        .unwrap();
    assert_eq!(ended.ended_at, Some(s.started_at));

    let mut ids = vec![s.id];
    for minutes in [10, 20, 30] {
        let form = SessionInsertForm {
            subject_type: Some(SubjectType::Client),
            subject_id: Some("acme".into()),
            started_at: Some(Utc::now() + Duration::minutes(minutes)),
            ..Default::default()
        };
        ids.push(Sessions::insert(pool, &form).await.unwrap().id);
    }
    // Another subject's session never shows up.
    Sessions::start(
        pool,
        StartSession::about(SessionType::Chat, SubjectType::Client, "globex"),
    )
    .await
    .unwrap();
    let first = Sessions::of_subject(pool, SubjectType::Client, "acme", &PageRequest::first(3))
        .await
        .unwrap();
    let second = Sessions::of_subject(
        pool,
        SubjectType::Client,
        "acme",
        &PageRequest::after(3, first.next.clone().unwrap()),
    )
    .await
    .unwrap();
    let seen: Vec<_> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|s| s.id)
        .collect();
    ids.reverse();
    assert_eq!(seen, ids, "most recently started first");
    assert!(second.next.is_none());
}

#[tokio::test]
async fn event_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let s = Sessions::start(pool, StartSession::default())
        .await
        .unwrap();
    let fact = Facts::insert(
        pool,
        &FactInsertForm::new(SubjectType::Client, "acme", FactType::Attribute, "x"),
    )
    .await
    .unwrap();
    let form = EventInsertForm {
        occurred_at: Some(at(5)),
        event_source: Some(EventSource::User),
        subject_type: Some(SubjectType::Client),
        subject_id: Some("acme".into()),
        message: Some("We moved to Berlin".into()),
        payload: Some(json!({"lang": "en"})),
        memory_scope: Some(MemoryScope::Client),
        salience_score: Some(0.75),
        promoted_fact_id: Some(fact.id),
        client_id: Some("acme".into()),
        ..EventInsertForm::new(s.id, EventType::Message)
    };
    let e = Events::insert(pool, &form).await.unwrap();
    assert_eq!(
        e,
        Event {
            id: e.id,
            session_id: s.id,
            occurred_at: at(5),
            event_type: EventType::Message,
            event_source: EventSource::User,
            subject_type: Some(SubjectType::Client),
            subject_id: Some("acme".into()),
            message: Some("We moved to Berlin".into()),
            payload: json!({"lang": "en"}),
            memory_scope: MemoryScope::Client,
            salience_score: 0.75,
            promoted_fact_id: Some(fact.id),
            created_at: e.created_at,
            updated_at: e.updated_at,
            client_id: Some("acme".into()),
        }
    );
    Events::insert(pool, &EventInsertForm::new(s.id, EventType::System))
        .await
        .unwrap();
    round_trip::<Events>(
        pool,
        e.id,
        &e,
        &EventUpdateForm {
            event_type: Some(EventType::Decision),
            message: Some(None),
            promoted_fact_id: Some(None),
            salience_score: Some(0.9),
            ..Default::default()
        },
        |c| Event {
            event_type: EventType::Decision,
            message: None,
            promoted_fact_id: None,
            salience_score: 0.9,
            updated_at: c.updated_at,
            ..e.clone()
        },
        &EventFilter {
            session_id: Some(s.id),
            event_type: Some(vec![EventType::Decision]),
            min_salience: Some(0.8),
            promoted: Some(false),
            ..Default::default()
        },
        &EventUpdateForm::default(),
    )
    .await;

    assert_fk(
        Events::insert(
            pool,
            &EventInsertForm::new(agent_model::SessionId(999), EventType::Message),
        )
        .await,
        "events_session_id_fkey",
    );
    let bad = EventInsertForm {
        salience_score: Some(1.5),
        ..EventInsertForm::new(s.id, EventType::Message)
    };
    let err = Events::insert(pool, &bad).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "salience_score"),
        "{err}"
    );
    let nan = EventInsertForm {
        salience_score: Some(f64::NAN),
        ..EventInsertForm::new(s.id, EventType::Message)
    };
    assert!(matches!(
        Events::insert(pool, &nan).await,
        Err(Error::InvalidInput { field, .. }) if field == "salience_score"
    ));
    assert_check_violation(
        pool,
        "UPDATE agent.events SET event_type = 'shout'",
        "event_type",
    )
    .await;
}

#[tokio::test]
async fn events_append_in_session_order() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let s = Sessions::start(pool, StartSession::default())
        .await
        .unwrap();
    let other = Sessions::start(pool, StartSession::default())
        .await
        .unwrap();
    // Appended out of order: listed by occurred_at, ties by id.
    let mut expected = Vec::new();
    for minutes in [3, 1, 2, 1] {
        let form = EventInsertForm {
            occurred_at: Some(at(minutes)),
            ..EventInsertForm::new(s.id, EventType::Observation)
        };
        expected.push((minutes, Events::append(pool, s.id, &form).await.unwrap().id));
    }
    expected.sort();
    Events::append(
        pool,
        other.id,
        &EventInsertForm::new(other.id, EventType::Message),
    )
    .await
    .unwrap();
    let err = Events::append(
        pool,
        s.id,
        &EventInsertForm::new(other.id, EventType::Message),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "session_id"),
        "{err}"
    );

    let mut seen = Vec::new();
    let mut page = PageRequest::first(3);
    loop {
        let got = Events::of_session(pool, s.id, &page).await.unwrap();
        seen.extend(got.items.iter().map(|e| e.id));
        match got.next {
            Some(c) => page = PageRequest::after(3, c),
            None => break,
        }
    }
    assert_eq!(seen, expected.iter().map(|(_, id)| *id).collect::<Vec<_>>());
}

#[tokio::test]
async fn fact_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let s = Sessions::start(pool, StartSession::default())
        .await
        .unwrap();
    let e = Events::insert(pool, &EventInsertForm::new(s.id, EventType::Message))
        .await
        .unwrap();
    let form = FactInsertForm {
        category: Some("location".into()),
        salience_score: Some(0.8),
        valid_from: Some(at(0)),
        valid_to: Some(at(60)),
        source_event_id: Some(e.id),
        source_ref: Some("crm".into()),
        metadata: Some(json!({"confidence": "high"})),
        ..FactInsertForm::new(
            SubjectType::Client,
            "acme",
            FactType::Attribute,
            "HQ in Berlin",
        )
    };
    let f = Facts::insert(pool, &form).await.unwrap();
    assert_eq!(
        f,
        Fact {
            id: f.id,
            global_id: f.global_id,
            subject_type: SubjectType::Client,
            subject_id: "acme".into(),
            fact_type: FactType::Attribute,
            category: Some("location".into()),
            content: "HQ in Berlin".into(),
            salience_score: 0.8,
            valid_from: at(0),
            valid_to: Some(at(60)),
            source_event_id: Some(e.id),
            source_ref: Some("crm".into()),
            metadata: json!({"confidence": "high"}),
            created_at: f.created_at,
            updated_at: f.updated_at,
            client_id: None,
        }
    );
    Facts::insert(
        pool,
        &FactInsertForm::new(SubjectType::Client, "globex", FactType::Attribute, "y"),
    )
    .await
    .unwrap();
    round_trip::<Facts>(
        pool,
        f.id,
        &f,
        &FactUpdateForm {
            valid_to: Some(None),
            category: Some(None),
            source_event_id: Some(None),
            content: Some("HQ in Munich".into()),
            ..Default::default()
        },
        |c| Fact {
            valid_to: None,
            category: None,
            source_event_id: None,
            content: "HQ in Munich".into(),
            updated_at: c.updated_at,
            ..f.clone()
        },
        &FactFilter {
            subject_type: Some(SubjectType::Client),
            subject_id: Some("acme".into()),
            open: Some(true),
            content_contains: Some("munich".into()),
            ..Default::default()
        },
        &FactUpdateForm::default(),
    )
    .await;

    let orphan = FactInsertForm {
        source_event_id: Some(agent_model::EventId(999)),
        ..FactInsertForm::new(SubjectType::Client, "acme", FactType::Status, "x")
    };
    assert_fk(
        Facts::insert(pool, &orphan).await,
        "facts_source_event_id_fkey",
    );
    let backwards = FactInsertForm {
        valid_from: Some(at(10)),
        valid_to: Some(at(0)),
        ..FactInsertForm::new(SubjectType::Client, "acme", FactType::Status, "x")
    };
    let err = Facts::insert(pool, &backwards).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "valid_to"),
        "{err}"
    );
    assert_check_violation(
        pool,
        "INSERT INTO agent.facts (subject_type, subject_id, fact_type, content) \
         VALUES ('client', 'acme', 'rumour', 'x')",
        "fact_type",
    )
    .await;
}

#[tokio::test]
async fn promoting_an_event_links_both_ways_once() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let s = Sessions::start(pool, StartSession::default())
        .await
        .unwrap();
    let mut events = Vec::new();
    for salience in [0.9, 0.2, 0.7, 0.95] {
        let form = EventInsertForm {
            salience_score: Some(salience),
            message: Some(format!("salience {salience}")),
            ..EventInsertForm::new(s.id, EventType::Observation)
        };
        events.push(Events::insert(pool, &form).await.unwrap());
    }
    let other = Sessions::start(pool, StartSession::default())
        .await
        .unwrap();
    let far = Events::insert(
        pool,
        &EventInsertForm {
            salience_score: Some(1.0),
            ..EventInsertForm::new(other.id, EventType::Decision)
        },
    )
    .await
    .unwrap();

    let salient = Events::unpromoted_salient(pool, Some(s.id), 0.5, 10)
        .await
        .unwrap();
    assert_eq!(
        salient.iter().map(|e| e.id).collect::<Vec<_>>(),
        [events[3].id, events[0].id, events[2].id]
    );

    let form = FactInsertForm::new(
        SubjectType::Client,
        "acme",
        FactType::Observation,
        "prefers mornings",
    );
    let mut conn = pool.acquire().await.unwrap();
    let (event, fact) = Events::promote_to_fact(&mut conn, events[0].id, &form)
        .await
        .unwrap();
    assert_eq!(event.promoted_fact_id, Some(fact.id));
    assert_eq!(fact.source_event_id, Some(event.id));
    assert_eq!(fact.content, "prefers mornings");
    assert_eq!(Events::get(pool, event.id).await.unwrap(), event);
    assert_eq!(Facts::get(pool, fact.id).await.unwrap(), fact);

    // Promoting again is refused and writes nothing.
    let err = Events::promote_to_fact(&mut conn, events[0].id, &form)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "event_id"),
        "{err}"
    );
    assert_eq!(count(pool, "SELECT count(*) FROM agent.facts").await, 1);

    // A nonexistent event: NotFound, and no fact row.
    let err = Events::promote_to_fact(&mut conn, agent_model::EventId(999_999), &form)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                table: "agent.events",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(count(pool, "SELECT count(*) FROM agent.facts").await, 1);

    // A fact the database rejects: the event stays unpromoted.
    let bad = FactInsertForm {
        salience_score: Some(2.0),
        ..form.clone()
    };
    let err = Events::promote_to_fact(&mut conn, events[2].id, &bad)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::CheckViolation { .. }), "{err}");
    assert_eq!(
        Events::get(pool, events[2].id)
            .await
            .unwrap()
            .promoted_fact_id,
        None
    );
    assert_eq!(count(pool, "SELECT count(*) FROM agent.facts").await, 1);

    // A form naming another source event is refused up front.
    let wrong_source = FactInsertForm {
        source_event_id: Some(events[1].id),
        ..form.clone()
    };
    assert!(matches!(
        Events::promote_to_fact(&mut conn, events[2].id, &wrong_source).await,
        Err(Error::InvalidInput { field, .. }) if field == "source_event_id"
    ));

    let salient = Events::unpromoted_salient(pool, Some(s.id), 0.5, 10)
        .await
        .unwrap();
    assert_eq!(
        salient.iter().map(|e| e.id).collect::<Vec<_>>(),
        [events[3].id, events[2].id]
    );
    let everywhere = Events::unpromoted_salient(pool, None, 0.5, 2)
        .await
        .unwrap();
    assert_eq!(
        everywhere.iter().map(|e| e.id).collect::<Vec<_>>(),
        [far.id, events[3].id]
    );
    assert!(matches!(
        Events::unpromoted_salient(pool, None, 1.5, 2).await,
        Err(Error::InvalidInput { field, .. }) if field == "min_salience"
    ));
    assert!(matches!(
        Events::unpromoted_salient(pool, None, 0.5, 0).await,
        Err(Error::InvalidInput { field, .. }) if field == "limit"
    ));
}

fn city(content: &str, from: DateTime<Utc>) -> FactInsertForm {
    FactInsertForm {
        valid_from: Some(from),
        ..FactInsertForm::new(SubjectType::Person, "7", FactType::Attribute, content)
    }
}

async fn valid_cities(pool: &PgPool, t: DateTime<Utc>) -> Vec<String> {
    Facts::valid_at(pool, SubjectType::Person, "7", t)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.content)
        .collect()
}

#[tokio::test]
async fn superseding_keeps_exactly_one_version_valid() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let paris = Facts::insert(pool, &city("Paris", at(0))).await.unwrap();
    // Another subject's and another type's facts stay out of the answers.
    Facts::insert(
        pool,
        &FactInsertForm {
            valid_from: Some(at(0)),
            ..FactInsertForm::new(SubjectType::Person, "8", FactType::Attribute, "Rome")
        },
    )
    .await
    .unwrap();

    let (closed, berlin) = Facts::supersede(&mut conn, paris.id, &city("Berlin", at(60)))
        .await
        .unwrap();
    assert_eq!(closed.id, paris.id);
    assert_eq!(closed.valid_to, Some(at(60)));
    assert_eq!(berlin.valid_from, at(60));
    assert_eq!(berlin.valid_to, None);
    let (closed2, tokyo) = Facts::supersede(&mut conn, berlin.id, &city("Tokyo", at(120)))
        .await
        .unwrap();
    assert_eq!(closed2.valid_to, Some(at(120)));

    let micro = Duration::microseconds(1);
    for (t, expected) in [
        (at(-1), vec![]),
        (at(0), vec!["Paris"]),
        (at(60) - micro, vec!["Paris"]),
        (at(60), vec!["Berlin"]),
        (at(61), vec!["Berlin"]),
        (at(120) - micro, vec!["Berlin"]),
        (at(120), vec!["Tokyo"]),
        (at(100_000), vec!["Tokyo"]),
    ] {
        assert_eq!(valid_cities(pool, t).await, expected, "at {t}");
    }
    let history = Facts::history(pool, SubjectType::Person, "7", FactType::Attribute)
        .await
        .unwrap();
    assert_eq!(
        history.iter().map(|f| f.id).collect::<Vec<_>>(),
        [paris.id, berlin.id, tokyo.id]
    );

    // Refusals write nothing.
    let before = count(pool, "SELECT count(*) FROM agent.facts").await;
    let err = Facts::supersede(&mut conn, paris.id, &city("Oslo", at(200)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "old_id"),
        "{err}"
    );
    let err = Facts::supersede(&mut conn, tokyo.id, &city("Oslo", at(100)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "valid_from"),
        "{err}"
    );
    let other_subject = FactInsertForm {
        valid_from: Some(at(300)),
        ..FactInsertForm::new(SubjectType::Person, "8", FactType::Attribute, "Oslo")
    };
    assert!(matches!(
        Facts::supersede(&mut conn, tokyo.id, &other_subject).await,
        Err(Error::InvalidInput { field, .. }) if field == "subject_id"
    ));
    let err = Facts::supersede(
        &mut conn,
        agent_model::FactId(999_999),
        &city("Oslo", at(300)),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    // The database refusing the new version rolls the whole supersede back.
    let bad = FactInsertForm {
        salience_score: Some(-1.0),
        ..city("Oslo", at(300))
    };
    assert!(matches!(
        Facts::supersede(&mut conn, tokyo.id, &bad).await,
        Err(Error::CheckViolation { .. })
    ));
    assert_eq!(
        count(pool, "SELECT count(*) FROM agent.facts").await,
        before
    );
    assert_eq!(Facts::get(pool, tokyo.id).await.unwrap().valid_to, None);

    // A new version without a start begins now.
    let (_, now_fact) = Facts::supersede(
        &mut conn,
        tokyo.id,
        &FactInsertForm::new(SubjectType::Person, "7", FactType::Attribute, "Lima"),
    )
    .await
    .unwrap();
    assert_eq!(
        Facts::get(pool, tokyo.id).await.unwrap().valid_to,
        Some(now_fact.valid_from)
    );
    assert_eq!(valid_cities(pool, Utc::now()).await, ["Lima"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_supersedes_of_one_fact_let_one_win() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool().clone();
    let paris = Facts::insert(&pool, &city("Paris", at(0))).await.unwrap();
    let mut tasks = Vec::new();
    for (i, name) in ["Berlin", "Tokyo", "Lima", "Oslo"].into_iter().enumerate() {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = pool.acquire().await.unwrap();
            Facts::supersede(&mut conn, paris.id, &city(name, at(60 + i as i64))).await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "old_id"),
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM agent.facts").await, 2);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM agent.facts WHERE valid_to IS NULL"
        )
        .await,
        1
    );
}
