//! Services check the schema under their own roles; `up` never waits forever for the migration lock.

use std::time::{Duration, Instant};

use erp_migrate::Error;
use sqlx::migrate::Migrate;
use sqlx::postgres::PgPoolOptions;
use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::common::{migrated, unmigrated};

#[tokio::test]
async fn services_check_under_their_own_roles_and_are_told_what_is_missing() {
    let db = migrated().await;
    erp_migrate::check(db.pool()).await.unwrap();
    for group in ["erp_planner", "erp_memory_writer", "erp_sync"] {
        let user = format!("{group}_{}", db.name());
        sqlx::raw_sql(AssertSqlSafe(format!(
            "CREATE ROLE {user} LOGIN PASSWORD 'pw' IN ROLE {group}"
        )))
        .execute(db.pool())
        .await
        .unwrap();
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect(&db.url_as(&user, Some("pw")))
            .await
            .unwrap();
        erp_migrate::check(&pool)
            .await
            .unwrap_or_else(|e| panic!("{group}: {e}"));
        // `up` is the owner's deploy step: a service role may not create sqlx's table or run DDL.
        assert!(erp_migrate::up(&pool).await.is_err(), "{group}");
        pool.close().await;
        sqlx::raw_sql(AssertSqlSafe(format!("DROP ROLE {user}")))
            .execute(db.pool())
            .await
            .unwrap();
    }

    // A database missing the newest migration: check names it.
    let last = erp_migrate::MIGRATOR
        .iter()
        .rfind(|m| !m.migration_type.is_down_migration())
        .unwrap();
    erp_migrate::down(db.pool(), erp_migrate::DownTarget::Last)
        .await
        .unwrap();
    match erp_migrate::check(db.pool()).await {
        Err(e @ Error::Pending { .. }) => {
            let text = e.to_string();
            assert!(text.contains(&last.version.to_string()), "{text}");
            assert!(text.contains(last.description.as_ref()), "{text}");
        }
        other => panic!("expected Pending, got {other:?}"),
    }

    let empty = unmigrated().await;
    assert!(matches!(
        erp_migrate::check(empty.pool()).await,
        Err(Error::Pending { .. })
    ));
}

#[tokio::test]
async fn up_gives_up_on_a_held_lock_and_names_the_holder() {
    let db = unmigrated().await;
    // Any role that can connect can take the advisory lock; here, a session of its own.
    let mut squatter = PgConnection::connect(&format!("{}&application_name=squatter", db.url()))
        .await
        .unwrap();
    let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut squatter)
        .await
        .unwrap();
    squatter.lock().await.unwrap();

    let started = Instant::now();
    let err = erp_migrate::up_waiting_at_most(db.pool(), Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    match &err {
        Error::LockTimeout { holder, .. } => {
            assert!(holder.contains(&format!("pid {pid}")), "{holder}");
            assert!(holder.contains("squatter"), "{holder}");
        }
        other => panic!("expected LockTimeout, got {other:?}"),
    }
    // Nothing was applied; once the lock is free, up proceeds.
    assert!(
        erp_migrate::status(db.pool())
            .await
            .unwrap()
            .iter()
            .all(|s| !s.is_applied())
    );
    squatter.close().await.unwrap();
    assert!(!erp_migrate::up(db.pool()).await.unwrap().is_empty());
}
