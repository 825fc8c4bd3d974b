use agent_model::{
    ClientProfileInsertForm, ClientProfileUpdateForm, EmbeddingSignature, EpisodeInsertForm,
    EpisodeUpdateForm, MemoryEntryInsertForm, MemoryEntryUpdateForm, MemoryFactInsertForm,
    MemoryType, WebhookExecutionInsertForm, WebhookExecutionUpdateForm, WebhookStatus,
    WorkingStateInsertForm, expires_at_from_ttl,
};
use chrono::{DurationRound, TimeDelta, Utc};
use erp_repo::agent::{
    BlendQuery, BlendWeights, ClientProfileFilter, ClientProfileSort, ClientProfiles, ContextQuery,
    EpisodeFilter, EpisodeSort, Episodes, ForgetReport, MemoryEntries, MemoryFacts, MemoryFilter,
    MemorySort, RecallQuery, WebhookExecutionFilter, WebhookExecutions, WorkingStates,
    content_hash, context_for, forget_client,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use serde_json::json;
use sqlx::PgPool;

use crate::recall::random_embedding;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn memory_entry_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let embedding = random_embedding(1);
    let mut form = MemoryEntryInsertForm::new("acme", "Prefers morning meetings");
    form.memory_type = Some(MemoryType::Preference);
    form.importance = Some(0.75);
    form.embedding = Some(embedding.clone());
    form.ttl_minutes = Some(60);
    form.metadata = Some(json!({"source": "chat"}));
    let entry = MemoryEntries::insert(pool, &form).await.unwrap();
    assert_eq!(entry.content_hash, content_hash("Prefers morning meetings"));
    assert_eq!(entry.embedding.as_ref(), Some(&embedding));
    assert_eq!(
        entry.embedding_sig,
        Some(EmbeddingSignature::of(&embedding))
    );
    assert_eq!(
        entry.expires_at,
        Some(expires_at_from_ttl(entry.created_at, 60))
    );
    assert_eq!(
        (entry.memory_type, entry.importance, &entry.metadata),
        (MemoryType::Preference, 0.75, &json!({"source": "chat"}))
    );
    assert_eq!(MemoryEntries::get(pool, entry.id).await.unwrap(), entry);

    // Clearing the embedding clears its signature; clearing the TTL and expiry makes it permanent.
    let changed = MemoryEntries::update(
        pool,
        entry.id,
        &MemoryEntryUpdateForm {
            importance: Some(0.2),
            embedding: Some(None),
            ttl_minutes: Some(None),
            expires_at: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (changed.embedding.as_ref(), changed.embedding_sig),
        (None, None)
    );
    assert_eq!((changed.ttl_minutes, changed.expires_at), (None, None));
    assert_eq!(changed.importance, 0.2);
    // A new embedding brings its signature; new content a new hash.
    let other = random_embedding(2);
    let changed = MemoryEntries::update(
        pool,
        entry.id,
        &MemoryEntryUpdateForm {
            embedding: Some(Some(other.clone())),
            content: Some("Prefers afternoon meetings".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.embedding_sig, Some(EmbeddingSignature::of(&other)));
    assert_eq!(
        changed.content_hash,
        content_hash("Prefers afternoon meetings")
    );
    assert_eq!(
        MemoryEntries::update(pool, entry.id, &MemoryEntryUpdateForm::default())
            .await
            .unwrap(),
        changed
    );

    MemoryEntries::insert(pool, &MemoryEntryInsertForm::new("acme", "Lives in Berlin"))
        .await
        .unwrap();
    MemoryEntries::insert(
        pool,
        &MemoryEntryInsertForm::new("globex", "Lives in Berlin"),
    )
    .await
    .unwrap();
    let filter = MemoryFilter {
        client_id: Some("acme".into()),
        memory_types: Some(vec![MemoryType::Preference]),
        content_contains: Some("AFTERNOON".into()),
        has_embedding: Some(true),
        ..Default::default()
    };
    let page = MemoryEntries::list(pool, &filter, SortOrder::default(), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![changed.clone()]);

    MemoryEntries::delete(pool, entry.id).await.unwrap();
    assert!(matches!(
        MemoryEntries::get(pool, entry.id).await,
        Err(Error::NotFound {
            table: "agent.memory_entries",
            ..
        })
    ));
    assert!(matches!(
        MemoryEntries::delete(pool, entry.id).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn memory_entry_errors_are_typed() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = MemoryEntryInsertForm::new("acme", "x");
    form.importance = Some(1.5);
    let err = MemoryEntries::insert(pool, &form).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "importance"),
        "{err}"
    );
    let mut form = MemoryEntryInsertForm::new("acme", "x");
    form.ttl_minutes = Some(0);
    let err = MemoryEntries::insert(pool, &form).await.unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "ttl_minutes"),
        "{err}"
    );
    let err = MemoryEntries::insert(pool, &MemoryEntryInsertForm::new("acme", "nul\0"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "content"),
        "{err}"
    );
    MemoryEntries::insert(pool, &MemoryEntryInsertForm::new("acme", "same"))
        .await
        .unwrap();
    let err = MemoryEntries::insert(pool, &MemoryEntryInsertForm::new("acme", "same"))
        .await
        .unwrap_err();
    assert_eq!(
        err.constraint(),
        Some("memory_entries_client_id_content_hash_key"),
        "{err}"
    );
    let err = MemoryEntries::list(
        pool,
        &MemoryFilter::default(),
        SortOrder::default(),
        &PageRequest::first(0),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "limit"),
        "{err}"
    );
    assert_eq!(
        count(pool, "SELECT count(*) FROM agent.memory_entries").await,
        1
    );
}

#[tokio::test]
async fn memory_pages_walk_every_live_entry_once() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let forms: Vec<MemoryEntryInsertForm> = (0..25)
        .map(|i| {
            let mut f = MemoryEntryInsertForm::new("acme", format!("memory {i:02}"));
            f.importance = Some(f64::from(i % 5) / 4.0);
            f
        })
        .collect();
    let inserted = MemoryEntries::insert_many(&mut conn, &forms).await.unwrap();
    assert_eq!(inserted[7].content, "memory 07");
    let filter = MemoryFilter {
        client_id: Some("acme".into()),
        ..Default::default()
    };
    for ordering in [
        SortOrder::desc(MemorySort::Importance),
        SortOrder::asc(MemorySort::CreatedAt),
    ] {
        let mut seen = Vec::new();
        let mut page = PageRequest::first(10);
        loop {
            let got = MemoryEntries::list(pool, &filter, ordering, &page)
                .await
                .unwrap();
            seen.extend(got.items.iter().map(|m| m.id));
            match got.next {
                Some(c) => page = PageRequest::after(10, c),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort_by_key(|id| id.0);
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (25, 25), "{ordering:?}");
    }
}

#[tokio::test]
async fn remembering_the_same_content_twice_keeps_one_entry() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let mut form = MemoryEntryInsertForm::new("acme", "Allergic to peanuts");
    form.importance = Some(0.9);
    let first = MemoryEntries::remember(&mut conn, &form).await.unwrap();
    assert!(!first.duplicate);
    form.importance = Some(0.1);
    let second = MemoryEntries::remember(&mut conn, &form).await.unwrap();
    assert!(second.duplicate);
    // The first write wins: the live entry comes back unchanged.
    assert_eq!(second.entry, first.entry);
    // The same content for another client is that client's own memory.
    let other = MemoryEntries::remember(
        &mut conn,
        &MemoryEntryInsertForm::new("globex", "Allergic to peanuts"),
    )
    .await
    .unwrap();
    assert!(!other.duplicate);
    assert_ne!(other.entry.id, first.entry.id);
    assert_eq!(
        count(pool, "SELECT count(*) FROM agent.memory_entries").await,
        2
    );

    // A batch: new, already known, repeated within the batch, order kept.
    let forms: Vec<MemoryEntryInsertForm> =
        ["new one", "Allergic to peanuts", "new one", "new two"]
            .iter()
            .map(|c| MemoryEntryInsertForm::new("acme", *c))
            .collect();
    let got = MemoryEntries::remember_many(&mut conn, &forms)
        .await
        .unwrap();
    assert_eq!(
        got.iter()
            .map(|r| (r.entry.content.as_str(), r.duplicate))
            .collect::<Vec<_>>(),
        [
            ("new one", false),
            ("Allergic to peanuts", true),
            ("new one", true),
            ("new two", false),
        ]
    );
    assert_eq!(got[0].entry, got[2].entry);
    assert_eq!(got[1].entry, first.entry);
    assert_eq!(
        count(pool, "SELECT count(*) FROM agent.memory_entries").await,
        4
    );
    assert!(
        MemoryEntries::remember_many(&mut conn, &[])
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn concurrent_remembers_of_the_same_content_store_it_once() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool().clone();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = pool.acquire().await.unwrap();
            let mut out = Vec::new();
            for round in 0..10 {
                let mut form = MemoryEntryInsertForm::new("acme", format!("fact {round}"));
                form.importance = Some(f64::from(i) / 10.0);
                out.push(MemoryEntries::remember(&mut conn, &form).await.unwrap());
            }
            out
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.extend(t.await.unwrap());
    }
    assert_eq!(
        count(&pool, "SELECT count(*) FROM agent.memory_entries").await,
        10
    );
    for round in 0..10 {
        let content = format!("fact {round}");
        let of_round: Vec<_> = results
            .iter()
            .filter(|r| r.entry.content == content)
            .collect();
        assert_eq!(of_round.len(), 8);
        assert_eq!(
            of_round.iter().filter(|r| !r.duplicate).count(),
            1,
            "{content}"
        );
        assert!(of_round.iter().all(|r| r.entry == of_round[0].entry));
    }
}

#[tokio::test]
async fn an_expired_memory_never_comes_back_from_any_read() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let query = random_embedding(5);
    // One expired at insert, one that expires later through SQL, one live; all near the query.
    let mut past = MemoryEntryInsertForm::new("acme", "expired at insert");
    past.embedding = Some(query.clone());
    past.expires_at = Some(Utc::now() - TimeDelta::minutes(5));
    let past = MemoryEntries::insert(pool, &past).await.unwrap();
    let mut ttl = MemoryEntryInsertForm::new("acme", "expired later");
    ttl.embedding = Some(query.clone());
    ttl.ttl_minutes = Some(60);
    let ttl = MemoryEntries::insert(pool, &ttl).await.unwrap();
    assert_eq!(MemoryEntries::get(pool, ttl.id).await.unwrap(), ttl);
    sqlx::query(
        "UPDATE agent.memory_entries SET expires_at = now() - interval '1 minute' WHERE id = $1",
    )
    .bind(ttl.id.0)
    .execute(pool)
    .await
    .unwrap();
    let mut live = MemoryEntryInsertForm::new("acme", "still live");
    live.embedding = Some(random_embedding(6));
    live.ttl_minutes = Some(60);
    let live = MemoryEntries::insert(pool, &live).await.unwrap();

    for expired in [&past, &ttl] {
        assert!(matches!(
            MemoryEntries::get(pool, expired.id).await,
            Err(Error::NotFound { .. })
        ));
        // Updating is not a way back either.
        let err = MemoryEntries::update(
            pool,
            expired.id,
            &MemoryEntryUpdateForm {
                expires_at: Some(None),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::NotFound { .. }));
    }
    let listed = MemoryEntries::list(
        pool,
        &MemoryFilter::default(),
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(listed.items, vec![live.clone()]);
    for exact in [false, true] {
        let recalled = MemoryEntries::recall_similar(
            &mut conn,
            &RecallQuery {
                exact,
                ..RecallQuery::new("acme", &query, 10)
            },
        )
        .await
        .unwrap();
        assert_eq!(
            recalled.iter().map(|r| r.entry.id).collect::<Vec<_>>(),
            [live.id]
        );
        let blended = MemoryEntries::recall_blended(
            pool,
            &BlendQuery {
                client_id: "acme",
                embedding: &query,
                k: 10,
                weights: BlendWeights {
                    similarity: 1.0,
                    recency: 1.0,
                    importance: 1.0,
                },
                half_life: TimeDelta::hours(1),
                now: Utc::now(),
                memory_types: None,
                exact,
            },
        )
        .await
        .unwrap();
        assert_eq!(
            blended.iter().map(|b| b.entry.id).collect::<Vec<_>>(),
            [live.id]
        );
    }
    let ctx = context_for(pool, "acme", &ContextQuery::new(Some(&query)))
        .await
        .unwrap();
    assert_eq!(
        ctx.memories.iter().map(|r| r.entry.id).collect::<Vec<_>>(),
        [live.id]
    );
    // The reads left the expired rows as they were: still there, still expired.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM agent.memory_entries WHERE expires_at <= now()"
        )
        .await,
        2
    );

    // Remembering the content again is a write: the expired row becomes a new, live memory.
    let again = MemoryEntries::remember(
        &mut conn,
        &MemoryEntryInsertForm::new("acme", "expired later"),
    )
    .await
    .unwrap();
    assert!(!again.duplicate);
    assert_eq!(again.entry.id, ttl.id);
    assert_eq!(
        (again.entry.expires_at, again.entry.embedding.as_ref()),
        (None, None)
    );
    assert!(again.entry.created_at > ttl.created_at);
    assert_eq!(MemoryEntries::get(pool, ttl.id).await.unwrap(), again.entry);
    // An expired row is still deletable.
    MemoryEntries::delete(pool, past.id).await.unwrap();
}

#[tokio::test]
async fn sweep_deletes_expired_entries_in_batches() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let mut forms = Vec::new();
    for i in 0..25 {
        let mut f = MemoryEntryInsertForm::new(
            if i % 2 == 0 { "acme" } else { "globex" },
            format!("old {i}"),
        );
        f.expires_at = Some(Utc::now() - TimeDelta::seconds(i + 1));
        forms.push(f);
    }
    for i in 0..5 {
        let mut f = MemoryEntryInsertForm::new("acme", format!("live {i}"));
        f.ttl_minutes = Some(10);
        forms.push(f);
    }
    forms.push(MemoryEntryInsertForm::new("acme", "forever"));
    MemoryEntries::insert_many(&mut conn, &forms).await.unwrap();
    assert_eq!(
        MemoryEntries::sweep_expired(&mut conn, 10).await.unwrap(),
        25
    );
    assert_eq!(
        count(pool, "SELECT count(*) FROM agent.memory_entries").await,
        6
    );
    assert_eq!(
        MemoryEntries::sweep_expired(&mut conn, 10).await.unwrap(),
        0
    );
    let err = MemoryEntries::sweep_expired(&mut conn, 0)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "batch_size"),
        "{err}"
    );
    // An exact multiple of the batch size ends too.
    sqlx::query("UPDATE agent.memory_entries SET expires_at = now() - interval '1 second' WHERE content LIKE 'live%'")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(MemoryEntries::sweep_expired(&mut conn, 5).await.unwrap(), 5);
    assert_eq!(
        count(pool, "SELECT count(*) FROM agent.memory_entries").await,
        1
    );
}

#[tokio::test]
async fn forgetting_one_a_filter_or_a_whole_client() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    // Both clients get the same content and the same keys everywhere.
    for client in ["acme", "globex"] {
        ClientProfiles::upsert(pool, &ClientProfileInsertForm::new(client))
            .await
            .unwrap();
        for (content, kind) in [
            ("likes tea", MemoryType::Preference),
            ("likes coffee", MemoryType::Preference),
            ("met on monday", MemoryType::Episodic),
        ] {
            let mut f = MemoryEntryInsertForm::new(client, content);
            f.memory_type = Some(kind);
            MemoryEntries::insert(pool, &f).await.unwrap();
        }
        let mut expired = MemoryEntryInsertForm::new(client, "old news");
        expired.expires_at = Some(Utc::now() - TimeDelta::hours(1));
        MemoryEntries::insert(pool, &expired).await.unwrap();
        MemoryFacts::insert(pool, &MemoryFactInsertForm::new(client, "city", "Berlin"))
            .await
            .unwrap();
        WorkingStates::insert(pool, &WorkingStateInsertForm::new(client, "draft"))
            .await
            .unwrap();
        Episodes::insert(pool, &EpisodeInsertForm::new(client, "a call"))
            .await
            .unwrap();
        WebhookExecutions::log(
            pool,
            &WebhookExecutionInsertForm::new(client, "https://x.test", WebhookStatus::Failed),
        )
        .await
        .unwrap();
    }
    let of = |client: &str| MemoryFilter {
        client_id: Some(client.into()),
        ..Default::default()
    };
    let acme_tea = MemoryEntries::list(
        pool,
        &MemoryFilter {
            content_contains: Some("tea".into()),
            ..of("acme")
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap()
    .items[0]
        .clone();
    // Not this client's entry: not found, nothing deleted.
    assert!(matches!(
        MemoryEntries::forget(pool, "globex", acme_tea.id).await,
        Err(Error::NotFound { .. })
    ));
    MemoryEntries::forget(pool, "acme", acme_tea.id)
        .await
        .unwrap();
    // A filter naming another client matches nothing of this one.
    assert_eq!(
        MemoryEntries::forget_matching(pool, "acme", &of("globex"))
            .await
            .unwrap(),
        0
    );
    let prefs = MemoryFilter {
        memory_types: Some(vec![MemoryType::Preference]),
        ..Default::default()
    };
    assert_eq!(
        MemoryEntries::forget_matching(pool, "acme", &prefs)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM agent.memory_entries WHERE client_id = 'globex'"
        )
        .await,
        4
    );

    let report = forget_client(&mut conn, "acme").await.unwrap();
    assert_eq!(
        report,
        ForgetReport {
            memories: 2,
            facts: 1,
            working_state: 1,
            episodes: 1,
            webhook_executions: 1,
            profile: true,
        }
    );
    for table in [
        "memory_entries",
        "memory_facts",
        "working_state",
        "episodes",
        "webhook_executions",
        "client_profiles",
    ] {
        let acme = count(
            pool,
            &format!("SELECT count(*) FROM agent.{table} WHERE client_id = 'acme'"),
        )
        .await;
        let globex = count(
            pool,
            &format!("SELECT count(*) FROM agent.{table} WHERE client_id = 'globex'"),
        )
        .await;
        assert_eq!(acme, 0, "{table}");
        assert!(globex >= 1, "{table}");
    }
    assert_eq!(
        forget_client(&mut conn, "acme").await.unwrap(),
        ForgetReport::default()
    );
}

#[tokio::test]
async fn client_profile_crud_and_upsert() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = ClientProfileInsertForm::new("acme");
    form.name = Some("Acme".into());
    form.preferences = Some(json!({"tone": "formal"}));
    let profile = ClientProfiles::insert(pool, &form).await.unwrap();
    assert_eq!(
        ClientProfiles::get(pool, profile.id).await.unwrap(),
        profile
    );
    assert_eq!(
        ClientProfiles::get_by_client(pool, "acme").await.unwrap(),
        Some(profile.clone())
    );
    assert_eq!(
        ClientProfiles::get_by_client(pool, "globex").await.unwrap(),
        None
    );
    let err = ClientProfiles::insert(pool, &ClientProfileInsertForm::new("acme"))
        .await
        .unwrap_err();
    assert_eq!(
        err.constraint(),
        Some("client_profiles_client_id_key"),
        "{err}"
    );

    let cleared = ClientProfiles::update(
        pool,
        profile.id,
        &ClientProfileUpdateForm {
            name: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(cleared.name, None);
    assert_eq!(cleared.preferences, json!({"tone": "formal"}));

    // Upsert: fields given overwrite, fields left out keep the stored value.
    let mut up = ClientProfileInsertForm::new("acme");
    up.name = Some("Acme Corp".into());
    let upserted = ClientProfiles::upsert(pool, &up).await.unwrap();
    assert_eq!(upserted.id, profile.id);
    assert_eq!(
        (upserted.name.as_deref(), &upserted.preferences),
        (Some("Acme Corp"), &json!({"tone": "formal"}))
    );
    let unchanged = ClientProfiles::upsert(pool, &ClientProfileInsertForm::new("acme"))
        .await
        .unwrap();
    assert_eq!(
        (unchanged.id, &unchanged.name),
        (profile.id, &upserted.name)
    );
    let created = ClientProfiles::upsert(pool, &ClientProfileInsertForm::new("globex"))
        .await
        .unwrap();
    assert_eq!(
        (created.name.as_ref(), &created.preferences),
        (None, &json!({}))
    );

    let page = ClientProfiles::list(
        pool,
        &ClientProfileFilter {
            name_contains: Some("corp".into()),
            ..Default::default()
        },
        SortOrder::asc(ClientProfileSort::ClientId),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|p| p.client_id.as_str())
            .collect::<Vec<_>>(),
        ["acme"]
    );
    ClientProfiles::delete(pool, profile.id).await.unwrap();
    assert!(matches!(
        ClientProfiles::get(pool, profile.id).await,
        Err(Error::NotFound {
            table: "agent.client_profiles",
            ..
        })
    ));
}

#[tokio::test]
async fn webhook_execution_crud_and_recent_failures() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form =
        WebhookExecutionInsertForm::new("acme", "https://hooks.test/a", WebhookStatus::Pending);
    form.payload = Some(json!({"event": "created"}));
    let logged = WebhookExecutions::log(pool, &form).await.unwrap();
    assert_eq!(
        WebhookExecutions::get(pool, logged.id).await.unwrap(),
        logged
    );
    let done = WebhookExecutions::update(
        pool,
        logged.id,
        &WebhookExecutionUpdateForm {
            status: Some(WebhookStatus::Succeeded),
            response: Some(Some(json!({"ok": true}))),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (done.status, &done.response),
        (WebhookStatus::Succeeded, &Some(json!({"ok": true})))
    );
    let cleared = WebhookExecutions::update(
        pool,
        logged.id,
        &WebhookExecutionUpdateForm {
            response: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(cleared.response, None);

    let base = (Utc::now() - TimeDelta::hours(1))
        .duration_trunc(TimeDelta::seconds(1))
        .unwrap();
    for (client, status, minutes) in [
        ("acme", WebhookStatus::Failed, 1),
        ("acme", WebhookStatus::TimedOut, 3),
        ("acme", WebhookStatus::Succeeded, 4),
        ("acme", WebhookStatus::Failed, 2),
        ("globex", WebhookStatus::Failed, 5),
    ] {
        let mut f = WebhookExecutionInsertForm::new(client, "https://hooks.test/b", status);
        f.executed_at = Some(base + TimeDelta::minutes(minutes));
        WebhookExecutions::log(pool, &f).await.unwrap();
    }
    let failures = WebhookExecutions::recent_failures(pool, "acme", 2)
        .await
        .unwrap();
    assert_eq!(
        failures
            .iter()
            .map(|w| (w.client_id.as_str(), w.status))
            .collect::<Vec<_>>(),
        [
            ("acme", WebhookStatus::TimedOut),
            ("acme", WebhookStatus::Failed)
        ]
    );
    assert_eq!(failures[1].executed_at, base + TimeDelta::minutes(2));
    assert_eq!(
        WebhookExecutions::recent_failures(pool, "acme", 100)
            .await
            .unwrap()
            .len(),
        3
    );
    assert!(matches!(
        WebhookExecutions::recent_failures(pool, "acme", 0).await,
        Err(Error::InvalidInput { .. })
    ));
    let filter = WebhookExecutionFilter {
        client_id: Some("globex".into()),
        statuses: Some(vec![WebhookStatus::Failed]),
        ..Default::default()
    };
    let page =
        WebhookExecutions::list(pool, &filter, SortOrder::default(), &PageRequest::default())
            .await
            .unwrap();
    assert_eq!(page.items.len(), 1);
    WebhookExecutions::delete(pool, logged.id).await.unwrap();
    assert!(matches!(
        WebhookExecutions::get(pool, logged.id).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn episode_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let embedding = random_embedding(8);
    let mut form = EpisodeInsertForm::new("acme", "Discussed the Q3 plan");
    form.embedding = Some(embedding.clone());
    form.importance = Some(0.6);
    let episode = Episodes::insert(pool, &form).await.unwrap();
    assert_eq!(
        episode.embedding_sig,
        Some(EmbeddingSignature::of(&embedding))
    );
    assert_eq!(Episodes::get(pool, episode.id).await.unwrap(), episode);

    let cleared = Episodes::update(
        pool,
        episode.id,
        &EpisodeUpdateForm {
            embedding: Some(None),
            summary: Some("Discussed the Q4 plan".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (cleared.embedding.as_ref(), cleared.embedding_sig),
        (None, None)
    );
    assert_eq!(cleared.summary, "Discussed the Q4 plan");
    let err = Episodes::update(
        pool,
        episode.id,
        &EpisodeUpdateForm {
            session_id: Some(Some(agent_model::SessionId(999))),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.constraint(), Some("episodes_session_id_fkey"), "{err}");

    for i in 0..3 {
        Episodes::insert(pool, &EpisodeInsertForm::new("acme", format!("later {i}")))
            .await
            .unwrap();
    }
    Episodes::insert(pool, &EpisodeInsertForm::new("globex", "not acme"))
        .await
        .unwrap();
    let recent = Episodes::recent(pool, "acme", 2).await.unwrap();
    assert_eq!(
        recent
            .iter()
            .map(|e| e.summary.as_str())
            .collect::<Vec<_>>(),
        ["later 2", "later 1"]
    );
    let page = Episodes::list(
        pool,
        &EpisodeFilter {
            client_id: Some("acme".into()),
            summary_contains: Some("q4".into()),
            ..Default::default()
        },
        SortOrder::desc(EpisodeSort::CreatedAt),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(page.items, vec![cleared]);
    Episodes::delete(pool, episode.id).await.unwrap();
    assert!(matches!(
        Episodes::get(pool, episode.id).await,
        Err(Error::NotFound {
            table: "agent.episodes",
            ..
        })
    ));
}

#[tokio::test]
async fn reads_never_cross_clients() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let query = random_embedding(60);
    // Two clients with exactly the same content, keys, vectors and outcomes.
    for client in ["acme", "globex"] {
        ClientProfiles::upsert(pool, &ClientProfileInsertForm::new(client))
            .await
            .unwrap();
        let mut fact = MemoryFactInsertForm::new(client, "city", "Berlin");
        fact.category = Some("location".into());
        MemoryFacts::upsert(&mut conn, &fact, false).await.unwrap();
        WorkingStates::set_state(pool, client, "draft", &json!({"v": 1}))
            .await
            .unwrap();
        for (i, content) in ["likes tea", "likes coffee"].iter().enumerate() {
            let mut f = MemoryEntryInsertForm::new(client, *content);
            f.embedding = Some(if i == 0 {
                query.clone()
            } else {
                random_embedding(61)
            });
            let remembered = MemoryEntries::remember(&mut conn, &f).await.unwrap();
            assert!(!remembered.duplicate, "{client} {content}");
        }
        let mut episode = EpisodeInsertForm::new(client, "a call");
        episode.embedding = Some(query.clone());
        Episodes::insert(pool, &episode).await.unwrap();
        WebhookExecutions::log(
            pool,
            &WebhookExecutionInsertForm::new(client, "https://x.test", WebhookStatus::Failed),
        )
        .await
        .unwrap();
    }
    let acme = "acme";
    let mine = |c: &str| assert_eq!(c, acme);

    let recalled = MemoryEntries::recall_similar(&mut conn, &RecallQuery::new(acme, &query, 10))
        .await
        .unwrap();
    assert_eq!(recalled.len(), 2);
    recalled.iter().for_each(|r| mine(&r.entry.client_id));
    let exact = MemoryEntries::recall_similar(
        &mut conn,
        &RecallQuery {
            exact: true,
            ..RecallQuery::new(acme, &query, 10)
        },
    )
    .await
    .unwrap();
    assert_eq!(exact, recalled);
    let blended = MemoryEntries::recall_blended(
        pool,
        &BlendQuery {
            client_id: acme,
            embedding: &query,
            k: 10,
            weights: BlendWeights {
                similarity: 1.0,
                recency: 1.0,
                importance: 1.0,
            },
            half_life: TimeDelta::days(1),
            now: Utc::now(),
            memory_types: None,
            exact: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(blended.len(), 2);
    blended.iter().for_each(|b| mine(&b.entry.client_id));
    let episodes = Episodes::recall_similar(
        &mut conn,
        &erp_repo::agent::EpisodeRecallQuery::new(acme, &query, 10),
    )
    .await
    .unwrap();
    assert_eq!(episodes.len(), 1);
    mine(&episodes[0].entry.client_id);
    let recent = Episodes::recent(pool, acme, 10).await.unwrap();
    assert_eq!(recent.len(), 1);
    mine(&recent[0].client_id);

    let ctx = context_for(pool, acme, &ContextQuery::new(Some(&query)))
        .await
        .unwrap();
    mine(&ctx.profile.unwrap().client_id);
    assert_eq!(
        (
            ctx.facts.len(),
            ctx.working_state.len(),
            ctx.memories.len(),
            ctx.recent_episodes.len()
        ),
        (1, 1, 2, 1)
    );
    ctx.facts.iter().for_each(|f| mine(&f.client_id));
    ctx.working_state.iter().for_each(|w| mine(&w.client_id));
    ctx.memories.iter().for_each(|r| mine(&r.entry.client_id));
    ctx.recent_episodes.iter().for_each(|e| mine(&e.client_id));

    mine(
        &ClientProfiles::get_by_client(pool, acme)
            .await
            .unwrap()
            .unwrap()
            .client_id,
    );
    let by_category = MemoryFacts::by_category(pool, acme, "location")
        .await
        .unwrap();
    assert_eq!(by_category.len(), 1);
    mine(&by_category[0].client_id);
    let facts = MemoryFacts::of_client(pool, acme).await.unwrap();
    assert_eq!(facts.len(), 1);
    mine(&facts[0].client_id);
    mine(
        &MemoryFacts::by_key(pool, acme, "city")
            .await
            .unwrap()
            .unwrap()
            .client_id,
    );
    let state = WorkingStates::get_state(pool, acme, "draft")
        .await
        .unwrap()
        .unwrap();
    mine(&state.client_id);
    let states = WorkingStates::of_client(pool, acme).await.unwrap();
    assert_eq!(states.len(), 1);
    mine(&states[0].client_id);
    let failures = WebhookExecutions::recent_failures(pool, acme, 10)
        .await
        .unwrap();
    assert_eq!(failures.len(), 1);
    mine(&failures[0].client_id);
    let listed = MemoryEntries::list(
        pool,
        &MemoryFilter {
            client_id: Some(acme.into()),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(listed.items.len(), 2);
    listed.items.iter().for_each(|m| mine(&m.client_id));

    // Writes by key stay per client too: acme's compare-and-set and remember never see globex's rows.
    let globex_state = WorkingStates::get_state(pool, "globex", "draft")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(globex_state.id, state.id);
    let again = MemoryEntries::remember(&mut conn, &MemoryEntryInsertForm::new(acme, "likes tea"))
        .await
        .unwrap();
    assert!(again.duplicate);
    mine(&again.entry.client_id);
}

#[tokio::test]
async fn remember_many_splits_a_large_batch_into_statements() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    // Seven bound columns per row: 10,000 rows need two statements (9,359 rows fit in one).
    let mut forms: Vec<MemoryEntryInsertForm> = (0..10_000)
        .map(|i| {
            let mut f = MemoryEntryInsertForm::new("acme", format!("note {i}"));
            f.memory_type = Some(MemoryType::Observation);
            f.importance = Some(0.5);
            f.ttl_minutes = Some(60);
            f.expires_at = Some(Utc::now() + TimeDelta::hours(1));
            f.metadata = Some(json!({"i": i}));
            f
        })
        .collect();
    forms.push(MemoryEntryInsertForm::new("acme", "note 3"));
    let got = MemoryEntries::remember_many(&mut conn, &forms)
        .await
        .unwrap();
    assert_eq!(got.len(), 10_001);
    assert!(got[..10_000].iter().all(|r| !r.duplicate));
    assert!(got[10_000].duplicate);
    assert_eq!(got[10_000].entry, got[3].entry);
    assert_eq!(got[9_999].entry.content, "note 9999");
    assert_eq!(
        count(pool, "SELECT count(*) FROM agent.memory_entries").await,
        10_000
    );
}
