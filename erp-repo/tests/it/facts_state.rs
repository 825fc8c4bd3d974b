use agent_model::{
    MemoryFactInsertForm, MemoryFactUpdateForm, WorkingStateInsertForm, WorkingStateUpdateForm,
};
use erp_repo::agent::{
    CasOutcome, MemoryFactFilter, MemoryFactSort, MemoryFacts, WorkingStateFilter,
    WorkingStateSort, WorkingStates,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use serde_json::json;

fn fact(client: &str, key: &str, value: &str, confidence: f64) -> MemoryFactInsertForm {
    let mut form = MemoryFactInsertForm::new(client, key, value);
    form.confidence_score = Some(confidence);
    form
}

#[tokio::test]
async fn memory_fact_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = fact("acme", "timezone", "Europe/Berlin", 0.8);
    form.category = Some("profile".into());
    form.metadata = Some(json!({"source": "chat"}));
    let inserted = MemoryFacts::insert(pool, &form).await.unwrap();
    assert_eq!(
        (
            inserted.client_id.as_str(),
            inserted.fact_key.as_str(),
            inserted.fact_value.as_str(),
            inserted.category.as_deref(),
            inserted.confidence_score,
            &inserted.metadata,
        ),
        (
            "acme",
            "timezone",
            "Europe/Berlin",
            Some("profile"),
            0.8,
            &json!({"source": "chat"})
        )
    );
    assert_eq!(MemoryFacts::get(pool, inserted.id).await.unwrap(), inserted);

    let changed = MemoryFacts::update(
        pool,
        inserted.id,
        &MemoryFactUpdateForm {
            fact_value: Some("Europe/Paris".into()),
            category: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.fact_value, "Europe/Paris");
    assert_eq!(changed.category, None);
    assert!(changed.updated_at >= inserted.updated_at);
    assert_eq!(
        MemoryFacts::update(pool, inserted.id, &MemoryFactUpdateForm::default())
            .await
            .unwrap(),
        changed
    );

    MemoryFacts::insert(pool, &fact("acme", "language", "de", 1.0))
        .await
        .unwrap();
    MemoryFacts::insert(pool, &fact("other", "language", "fr", 1.0))
        .await
        .unwrap();
    let filter = MemoryFactFilter {
        client_id: Some("acme".into()),
        confidence_min: Some(0.9),
        ..Default::default()
    };
    let page = MemoryFacts::list(
        pool,
        &filter,
        SortOrder::asc(MemoryFactSort::FactKey),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|f| f.fact_value.as_str())
            .collect::<Vec<_>>(),
        ["de"]
    );

    MemoryFacts::delete(pool, inserted.id).await.unwrap();
    assert!(matches!(
        MemoryFacts::get(pool, inserted.id).await,
        Err(Error::NotFound {
            table: "agent.memory_facts",
            ..
        })
    ));
    assert!(matches!(
        MemoryFacts::delete(pool, inserted.id).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn memory_fact_errors_are_typed() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let err = MemoryFacts::insert(pool, &fact("acme", "k", "v", 1.5))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "confidence_score"),
        "{err}"
    );
    MemoryFacts::insert(pool, &fact("acme", "k", "v", 0.5))
        .await
        .unwrap();
    let err = MemoryFacts::insert(pool, &fact("acme", "k", "w", 0.5))
        .await
        .unwrap_err();
    assert_eq!(
        err.constraint(),
        Some("memory_facts_client_id_fact_key_key"),
        "{err}"
    );
    // The key is unique per client, not globally.
    MemoryFacts::insert(pool, &fact("globex", "k", "v", 0.5))
        .await
        .unwrap();
    let err = MemoryFacts::insert(pool, &fact("acme", "nul\0key", "v", 0.5))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "fact_key"),
        "{err}"
    );
    let mut conn = pool.acquire().await.unwrap();
    let err = MemoryFacts::upsert(&mut conn, &fact("acme", "k", "v", f64::NAN), false)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "confidence_score"),
        "{err}"
    );
}

#[tokio::test]
async fn upsert_keeps_the_higher_confidence_unless_told_to_overwrite() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let mut first = fact("acme", "city", "Berlin", 0.9);
    first.category = Some("location".into());
    let stored = MemoryFacts::upsert(&mut conn, &first, false).await.unwrap();
    assert_eq!(
        (stored.fact_value.as_str(), stored.confidence_score),
        ("Berlin", 0.9)
    );

    // Less sure: the stored fact stays, and is what comes back.
    let kept = MemoryFacts::upsert(&mut conn, &fact("acme", "city", "Munich", 0.4), false)
        .await
        .unwrap();
    assert_eq!(kept, stored);

    // As sure or surer: replaced; a category the form leaves out is kept.
    let replaced = MemoryFacts::upsert(&mut conn, &fact("acme", "city", "Hamburg", 0.9), false)
        .await
        .unwrap();
    assert_eq!(replaced.id, stored.id);
    assert_eq!(
        (
            replaced.fact_value.as_str(),
            replaced.confidence_score,
            replaced.category.as_deref()
        ),
        ("Hamburg", 0.9, Some("location"))
    );

    // Overwrite wins even when less sure.
    let forced = MemoryFacts::upsert(&mut conn, &fact("acme", "city", "Cologne", 0.1), true)
        .await
        .unwrap();
    assert_eq!(
        (forced.fact_value.as_str(), forced.confidence_score),
        ("Cologne", 0.1)
    );

    // Another client's key of the same name is its own fact.
    let other = MemoryFacts::upsert(&mut conn, &fact("globex", "city", "Paris", 0.2), false)
        .await
        .unwrap();
    assert_ne!(other.id, stored.id);
    assert_eq!(
        MemoryFacts::by_key(pool, "acme", "city")
            .await
            .unwrap()
            .unwrap()
            .fact_value,
        "Cologne"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM agent.memory_facts")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
}

#[tokio::test]
async fn facts_by_category_stay_with_their_client() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    for client in ["acme", "globex"] {
        for (key, category) in [("b", "diet"), ("a", "diet"), ("c", "work")] {
            let mut form = fact(client, key, &format!("{client}-{key}"), 1.0);
            form.category = Some(category.into());
            MemoryFacts::insert(pool, &form).await.unwrap();
        }
    }
    let diet = MemoryFacts::by_category(pool, "acme", "diet")
        .await
        .unwrap();
    assert_eq!(
        diet.iter()
            .map(|f| f.fact_value.as_str())
            .collect::<Vec<_>>(),
        ["acme-a", "acme-b"]
    );
    let all = MemoryFacts::of_client(pool, "globex").await.unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|f| f.client_id == "globex"));
    assert!(
        MemoryFacts::by_category(pool, "nobody", "diet")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn working_state_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = WorkingStateInsertForm::new("acme", "draft");
    form.state_value = Some(json!({"step": 1}));
    let inserted = WorkingStates::insert(pool, &form).await.unwrap();
    assert_eq!(inserted.version, 1);
    assert_eq!(inserted.state_value, json!({"step": 1}));
    assert_eq!(
        WorkingStates::get(pool, inserted.id).await.unwrap(),
        inserted
    );

    let changed = WorkingStates::update(
        pool,
        inserted.id,
        &WorkingStateUpdateForm {
            state_value: Some(json!({"step": 2})),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (changed.version, &changed.state_value),
        (2, &json!({"step": 2}))
    );

    WorkingStates::insert(pool, &WorkingStateInsertForm::new("acme", "cart"))
        .await
        .unwrap();
    WorkingStates::insert(pool, &WorkingStateInsertForm::new("globex", "cart"))
        .await
        .unwrap();
    let filter = WorkingStateFilter {
        client_id: Some("acme".into()),
        ..Default::default()
    };
    let page = WorkingStates::list(
        pool,
        &filter,
        SortOrder::asc(WorkingStateSort::StateKey),
        &PageRequest::first(1),
    )
    .await
    .unwrap();
    assert_eq!(page.items[0].state_key, "cart");
    let second = WorkingStates::list(
        pool,
        &filter,
        SortOrder::asc(WorkingStateSort::StateKey),
        &PageRequest::after(1, page.next.unwrap()),
    )
    .await
    .unwrap();
    assert_eq!(second.items, vec![changed.clone()]);
    assert!(second.next.is_none());

    let err = WorkingStates::insert(pool, &WorkingStateInsertForm::new("acme", "cart"))
        .await
        .unwrap_err();
    assert_eq!(
        err.constraint(),
        Some("working_state_client_id_state_key_key"),
        "{err}"
    );

    WorkingStates::delete(pool, inserted.id).await.unwrap();
    assert!(matches!(
        WorkingStates::get(pool, inserted.id).await,
        Err(Error::NotFound {
            table: "agent.working_state",
            ..
        })
    ));
}

#[tokio::test]
async fn set_and_compare_and_set() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    assert_eq!(
        WorkingStates::get_state(pool, "acme", "plan")
            .await
            .unwrap(),
        None
    );

    // Version 0 means "absent": inserts once, then conflicts.
    let CasOutcome::Updated(created) =
        WorkingStates::compare_and_set(pool, "acme", "plan", 0, &json!({"n": 1}))
            .await
            .unwrap()
    else {
        panic!("first insert must succeed")
    };
    assert_eq!(created.version, 1);
    assert_eq!(
        WorkingStates::compare_and_set(pool, "acme", "plan", 0, &json!({"n": 9}))
            .await
            .unwrap(),
        CasOutcome::Conflict {
            current: Some(created.clone())
        }
    );

    // A stale version conflicts and changes nothing; the current one writes and bumps the version.
    assert_eq!(
        WorkingStates::compare_and_set(pool, "acme", "plan", 7, &json!({"n": 9}))
            .await
            .unwrap(),
        CasOutcome::Conflict {
            current: Some(created.clone())
        }
    );
    let CasOutcome::Updated(second) =
        WorkingStates::compare_and_set(pool, "acme", "plan", 1, &json!({"n": 2}))
            .await
            .unwrap()
    else {
        panic!("the current version must write")
    };
    assert_eq!((second.version, &second.state_value), (2, &json!({"n": 2})));

    // set_state overwrites whatever is there and bumps the version too.
    let set = WorkingStates::set_state(pool, "acme", "plan", &json!({"n": 3}))
        .await
        .unwrap();
    assert_eq!((set.id, set.version), (created.id, 3));
    assert_eq!(
        WorkingStates::get_state(pool, "acme", "plan")
            .await
            .unwrap(),
        Some(set.clone())
    );
    let fresh = WorkingStates::set_state(pool, "acme", "other", &json!([]))
        .await
        .unwrap();
    assert_eq!(fresh.version, 1);

    // A key that does not exist and a version other than 0: nothing to compare with.
    assert_eq!(
        WorkingStates::compare_and_set(pool, "acme", "missing", 3, &json!(1))
            .await
            .unwrap(),
        CasOutcome::Conflict { current: None }
    );
    // Another client's same key is separate.
    assert_eq!(
        WorkingStates::get_state(pool, "globex", "plan")
            .await
            .unwrap(),
        None
    );
    assert!(matches!(
        WorkingStates::compare_and_set(pool, "globex", "plan", 3, &json!(1))
            .await
            .unwrap(),
        CasOutcome::Conflict { current: None }
    ));
    let err = WorkingStates::compare_and_set(pool, "acme", "plan", -1, &json!(1))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "expected_version"),
        "{err}"
    );
    assert_eq!(
        WorkingStates::of_client(pool, "acme").await.unwrap(),
        vec![fresh, set]
    );
}

#[tokio::test]
async fn compare_and_set_under_16_concurrent_writers_loses_no_update() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool().clone();
    let mut workers = Vec::new();
    for worker in 0..16u64 {
        let pool = pool.clone();
        workers.push(tokio::spawn(async move {
            let mut conflicts = 0u32;
            let mut backoff = 50u64;
            let mut seen = WorkingStates::get_state(&pool, "acme", "counter")
                .await
                .unwrap();
            for _ in 0..100 {
                loop {
                    let (version, n) = match &seen {
                        Some(s) => (s.version, s.state_value["n"].as_i64().unwrap()),
                        None => (0, 0),
                    };
                    match WorkingStates::compare_and_set(
                        &pool,
                        "acme",
                        "counter",
                        version,
                        &json!({"n": n + 1}),
                    )
                    .await
                    .unwrap()
                    {
                        CasOutcome::Updated(state) => {
                            seen = Some(state);
                            backoff = 50;
                            break;
                        }
                        CasOutcome::Conflict { current } => {
                            conflicts += 1;
                            // Back off a little, as a real CAS client would, so the winner's next round
                            // is not drowned by retries.
                            backoff = (backoff * 2).min(2_000);
                            let jitter = (u64::from(conflicts) * 7919 + worker * 104_729) % backoff;
                            tokio::time::sleep(std::time::Duration::from_micros(jitter)).await;
                            // The row this statement saw may be stale under contention; re-read if absent.
                            seen = match current {
                                Some(s) => Some(s),
                                None => WorkingStates::get_state(&pool, "acme", "counter")
                                    .await
                                    .unwrap(),
                            };
                        }
                    }
                }
            }
            conflicts
        }));
    }
    let mut conflicts = 0;
    for w in workers {
        conflicts += w.await.unwrap();
    }
    let end = WorkingStates::get_state(&pool, "acme", "counter")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(end.state_value, json!({"n": 1600}));
    // Every successful write bumped the version once (the insert made version 1).
    assert_eq!(end.version, 1600);
    assert!(conflicts > 0, "16 writers on one key must have collided");
}
