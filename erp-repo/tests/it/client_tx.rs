//! The client-scoped transaction: the client is given once, and a per-client call outside its client's
//! transaction fails loudly under the memory-gateway role instead of reading nothing.

use agent_model::{Embedding, MemoryEntryBody, MemoryFactBody};
use erp_repo::agent::{MemoryEntries, MemoryFacts, RecallQuery, WorkingStates, forget_client};
use erp_repo::{Db, DbOptions, Error};
use erp_testkit::{SdkRole, TestDb};

use crate::common::claim_key;

/// A `Db` of the memory-gateway role with the database's claim key, and the login role kept alive.
async fn memory_gateway(db: &TestDb) -> (Db, erp_testkit::LoginRole) {
    let login = db.login_role(SdkRole::MemoryWriter).await.unwrap();
    let options = DbOptions {
        client_claim_key: Some(claim_key(db).await),
        ..DbOptions::default()
    };
    let service = Db::connect_with(login.url(), &options).await.unwrap();
    (service, login)
}

fn embedding(seed: f32) -> Embedding {
    Embedding::new((0..1536).map(|i| ((i as f32) * seed).sin()).collect()).unwrap()
}

fn loud(err: &Error) -> bool {
    matches!(err, Error::PermissionDenied { message } if message.contains("begin_as_client"))
}

#[tokio::test]
async fn client_tx_calls_take_the_client_from_the_transaction() {
    let db = TestDb::new().await.unwrap();
    let (service, _login) = memory_gateway(&db).await;

    let mut ctx = service.begin_as_client("acme").await.unwrap();
    assert_eq!(ctx.client_id(), "acme");
    let remembered = ctx
        .remember(MemoryEntryBody {
            embedding: Some(embedding(0.01)),
            ..MemoryEntryBody::new("prefers Friday reports")
        })
        .await
        .unwrap();
    assert_eq!(remembered.entry.client_id, "acme");
    assert!(!remembered.duplicate);
    let recalled = ctx.recall(&embedding(0.01), 3, None).await.unwrap();
    assert_eq!(recalled.len(), 1);
    assert_eq!(recalled[0].entry.id, remembered.entry.id);
    let fact = ctx
        .upsert_fact(
            MemoryFactBody {
                fact_key: "tz".into(),
                fact_value: "UTC".into(),
                ..MemoryFactBody::default()
            },
            false,
        )
        .await
        .unwrap();
    assert_eq!(fact.client_id, "acme");
    assert_eq!(ctx.facts().await.unwrap().len(), 1);
    let cas = ctx
        .compare_and_set("step", 0, &serde_json::json!({"at": 1}))
        .await
        .unwrap();
    assert!(matches!(cas, agent_model::CasOutcome::Updated(_)));
    assert!(ctx.state("step").await.unwrap().is_some());
    ctx.commit().await.unwrap();

    // Another client's transaction sees none of it, and cannot forget it.
    let mut other = service.begin_as_client("globex").await.unwrap();
    assert!(
        other
            .recall(&embedding(0.01), 3, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        other.forget(remembered.entry.id).await,
        Err(Error::NotFound { .. })
    ));
    other.rollback().await.unwrap();

    let mut ctx = service.begin_as_client("acme").await.unwrap();
    let report = ctx.forget_everything().await.unwrap();
    ctx.commit().await.unwrap();
    assert_eq!(
        (report.memories, report.facts, report.working_state),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn per_client_calls_outside_their_clients_transaction_fail_loudly() {
    let db = TestDb::new().await.unwrap();
    for sql in [
        "INSERT INTO agent.memory_facts (client_id, fact_key, fact_value) VALUES ('acme', 'tz', 'UTC')",
        "INSERT INTO agent.working_state (client_id, state_key) VALUES ('acme', 'step')",
    ] {
        sqlx::query(sql).execute(db.pool()).await.unwrap();
    }
    let (service, _login) = memory_gateway(&db).await;
    let probe = embedding(0.02);

    // On the pool, acting for nobody: each call says so instead of answering "nothing".
    let pool = service.pool();
    let errors = [
        MemoryEntries::recall_similar(pool, &RecallQuery::new("acme", &probe, 3))
            .await
            .map(drop),
        WorkingStates::get_state(pool, "acme", "step")
            .await
            .map(drop),
        WorkingStates::of_client(pool, "acme").await.map(drop),
        MemoryFacts::of_client(pool, "acme").await.map(drop),
        MemoryFacts::by_key(pool, "acme", "tz").await.map(drop),
        forget_client(pool, "acme").await.map(drop),
    ];
    for (i, result) in errors.into_iter().enumerate() {
        let err = result.expect_err("a per-client call outside a client transaction");
        assert!(loud(&err), "call {i}: {err:?}");
    }

    // In another client's transaction, naming acme fails the same way (not zero rows).
    let mut globex = service.begin_as_client("globex").await.unwrap();
    let err = MemoryFacts::of_client(&mut *globex, "acme")
        .await
        .unwrap_err();
    assert!(loud(&err), "{err:?}");
    globex.rollback().await.unwrap();

    // In acme's own transaction the same calls answer.
    let mut acme = service.begin_as_client("acme").await.unwrap();
    assert_eq!(
        MemoryFacts::of_client(&mut *acme, "acme")
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        WorkingStates::get_state(&mut *acme, "acme", "step")
            .await
            .unwrap()
            .is_some()
    );
    acme.rollback().await.unwrap();

    // The owner is not isolated: it reads any client directly, with no claim.
    assert_eq!(
        MemoryFacts::of_client(db.pool(), "acme")
            .await
            .unwrap()
            .len(),
        1
    );
}
