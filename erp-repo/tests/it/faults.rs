//! Faults: a server restart in the middle of a workload, and statement timeouts.

use std::time::Duration;

use erp_model::TaskInsertForm;
use erp_repo::erp::Tasks;
use erp_repo::{Db, DbOptions, Error};
use erp_testkit::{TestDb, TestServer};
use sea_query::{Expr, Query};
use sea_query_sqlx::SqlxBinder;

#[tokio::test]
async fn server_restart_fails_clearly_then_recovers_without_losing_acknowledged_writes() {
    let server = TestServer::start().await.unwrap();
    let test_db = server.new_db().await.unwrap();
    let options = DbOptions {
        acquire_timeout: Duration::from_secs(2),
        max_connections: 4,
        ..Default::default()
    };
    let db = Db::connect_with(test_db.url(), &options).await.unwrap();

    let mut acknowledged = Vec::new();
    for i in 0..20 {
        acknowledged.push(
            Tasks::insert(db.pool(), &TaskInsertForm::new(format!("before {i}")))
                .await
                .unwrap()
                .id,
        );
    }

    server.stop().await.unwrap();
    let err = Tasks::insert(db.pool(), &TaskInsertForm::new("during"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Unavailable(_)),
        "outage must be a clear Unavailable error, got {err:?}"
    );

    server.start_again().await.unwrap();
    // The same pool recovers: broken connections are replaced, no application restart.
    let mut recovered = None;
    for _ in 0..50 {
        match Tasks::insert(db.pool(), &TaskInsertForm::new("after")).await {
            Ok(task) => {
                recovered = Some(task);
                break;
            }
            Err(Error::Unavailable(_)) | Err(Error::Database(_)) => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(other) => panic!("unexpected error after restart: {other:?}"),
        }
    }
    assert!(
        recovered.is_some(),
        "the pool never recovered after the restart"
    );
    for id in acknowledged {
        Tasks::get(db.pool(), id).await.unwrap();
    }
}

#[tokio::test]
async fn statement_timeout_is_typed_and_the_connection_stays_usable() {
    let test_db = TestDb::new().await.unwrap();
    let options = DbOptions {
        statement_timeout: Some(Duration::from_millis(200)),
        max_connections: 1,
        ..Default::default()
    };
    let db = Db::connect_with(test_db.url(), &options).await.unwrap();
    let slow = Query::select().expr(Expr::cust("pg_sleep(2)")).to_owned();
    let (sql, values) = slow.build_sqlx(sea_query::PostgresQueryBuilder);
    let err = Error::from(
        sqlx::query_with(sqlx::AssertSqlSafe(sql), values)
            .execute(db.pool())
            .await
            .unwrap_err(),
    );
    assert!(matches!(err, Error::Timeout), "{err:?}");
    // One connection in the pool: the next call reuses it.
    let task = Tasks::insert(db.pool(), &TaskInsertForm::new("after timeout"))
        .await
        .unwrap();
    assert_eq!(
        Tasks::get(db.pool(), task.id).await.unwrap().title,
        "after timeout"
    );
}

/// A failed statement aborts the transaction; PostgreSQL answers the COMMIT with ROLLBACK, which sqlx
/// reports as success. The SDK's transactions say so instead, and nothing of the transaction is kept.
#[tokio::test]
async fn commit_after_a_failed_statement_is_a_typed_error_and_nothing_is_kept() {
    let test_db = TestDb::new().await.unwrap();
    let db = Db::new(test_db.pool().clone());
    let mut tx = db.begin().await.unwrap();
    let kept = Tasks::insert(&mut *tx, &TaskInsertForm::new("acknowledged, then lost"))
        .await
        .unwrap();
    // A statement that fails: the transaction is now aborted.
    let failed = sqlx::query("SELECT 1 / 0").execute(&mut *tx).await;
    assert!(failed.is_err());
    // Every later statement is refused with a typed error, too.
    let later = Tasks::insert(&mut *tx, &TaskInsertForm::new("after the failure")).await;
    assert!(matches!(later, Err(Error::TransactionAborted)), "{later:?}");
    let err = tx.commit().await.unwrap_err();
    assert!(matches!(err, Error::TransactionAborted), "{err:?}");
    assert!(matches!(
        Tasks::get(db.pool(), kept.id).await,
        Err(Error::NotFound { .. })
    ));

    // A healthy transaction still commits.
    let mut tx = db.begin().await.unwrap();
    let task = Tasks::insert(&mut *tx, &TaskInsertForm::new("committed"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Tasks::get(db.pool(), task.id).await.unwrap();
}
