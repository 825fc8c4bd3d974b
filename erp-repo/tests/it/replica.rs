//! Reads from a real streaming hot standby through `Db::reader`, and what happens when it is down or behind.

use std::time::{Duration, Instant};

use erp_model::TaskInsertForm;
use erp_repo::erp::{TaskFilter, Tasks};
use erp_repo::replica::ReplicaHealth;
use erp_repo::{Db, DbOptions, PageRequest, SortOrder};
use erp_testkit::{TestDb, TestServer};
use sqlx::PgPool;

async fn connect(db: &TestDb, max_lag: Duration) -> Db {
    let options = DbOptions {
        replica_url: Some(db.replica_url().unwrap().to_owned()),
        replica_max_lag: max_lag,
        replica_check_interval: Duration::ZERO,
        acquire_timeout: Duration::from_secs(2),
        ..Default::default()
    };
    Db::connect_with(db.url(), &options).await.unwrap()
}

fn from_replica(db: &Db, pool: &PgPool) -> bool {
    !std::ptr::eq(pool, db.pool())
}

async fn titles(pool: &PgPool) -> Vec<String> {
    Tasks::list(
        pool,
        &TaskFilter::default(),
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap()
    .items
    .into_iter()
    .map(|t| t.title)
    .collect()
}

/// Polls `db.reader()` until it picks the replica (or not), up to 10 s.
async fn until_reader_is_replica(db: &Db, replica: bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while from_replica(db, db.reader().await) != replica {
        assert!(
            Instant::now() < deadline,
            "reader never went to the {}: {:?}",
            if replica { "replica" } else { "primary" },
            db.replica_health()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn stale_tolerant_reads_go_to_a_fresh_replica() {
    let db = TestDb::new_scaled().await.unwrap();
    let sdk = connect(&db, Duration::from_secs(5)).await;
    Tasks::insert(sdk.pool(), &TaskInsertForm::new("on both"))
        .await
        .unwrap();
    until_reader_is_replica(&sdk, true).await;
    let reader = sdk.reader().await;
    let in_recovery: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
        .fetch_one(reader)
        .await
        .unwrap();
    assert!(in_recovery, "the reader is the standby");
    assert!(matches!(
        sdk.replica_health(),
        Some(ReplicaHealth::Fresh { .. })
    ));
    // Within the bound, not necessarily current: the task arrives soon after.
    let deadline = Instant::now() + Duration::from_secs(5);
    while titles(reader).await.is_empty() {
        assert!(
            Instant::now() < deadline,
            "the task never reached the replica"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(titles(reader).await, vec!["on both".to_string()]);
    // Without a replica, the reader is the primary.
    let plain = Db::new(db.pool().clone());
    assert!(std::ptr::eq(plain.reader().await, plain.pool()));
    assert_eq!(plain.replica_health(), None);
}

#[tokio::test]
async fn reads_fall_back_to_the_primary_when_the_replica_is_down_or_behind() {
    let server = TestServer::start()
        .await
        .unwrap()
        .with_replica()
        .await
        .unwrap();
    let db = server.new_db().await.unwrap();
    let sdk = connect(&db, Duration::from_secs(1)).await;
    until_reader_is_replica(&sdk, true).await;

    // Behind: the replica applies commits 3 s late, the bound is 1 s.
    server
        .set_replica_apply_delay(Duration::from_secs(3))
        .await
        .unwrap();
    // The delay applies to commits made after the reload: let it land, then write.
    tokio::time::sleep(Duration::from_millis(300)).await;
    Tasks::insert(sdk.pool(), &TaskInsertForm::new("just written"))
        .await
        .unwrap();
    let fallbacks = sdk.replica_fallbacks();
    until_reader_is_replica(&sdk, false).await;
    assert!(
        matches!(sdk.replica_health(), Some(ReplicaHealth::Lagging { .. })),
        "{:?}",
        sdk.replica_health()
    );
    assert!(sdk.replica_fallbacks() > fallbacks);
    assert_eq!(
        titles(sdk.reader().await).await,
        vec!["just written".to_string()],
        "the primary has the write the replica has not applied yet"
    );
    let on_replica = titles(sdk.replica_pool().unwrap()).await;
    assert!(
        on_replica.is_empty(),
        "the replica is behind: {on_replica:?}"
    );
    server
        .set_replica_apply_delay(Duration::ZERO)
        .await
        .unwrap();
    until_reader_is_replica(&sdk, true).await;
    assert_eq!(
        titles(sdk.reader().await).await,
        vec!["just written".to_string()]
    );

    // Down: reads go to the primary, and come back when it is up again.
    server.stop_replica().await.unwrap();
    until_reader_is_replica(&sdk, false).await;
    assert_eq!(sdk.replica_health(), Some(ReplicaHealth::Unreachable));
    assert_eq!(
        titles(sdk.reader().await).await,
        vec!["just written".to_string()]
    );
    server.start_replica_again().await.unwrap();
    until_reader_is_replica(&sdk, true).await;
}
