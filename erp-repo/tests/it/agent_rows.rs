//! Under memory-gateway's own role: sessions, events, facts and reflections per client (shared rows for
//! all), the expiry sweep, and no large objects for the roles that write nothing.

use agent_model::MemoryEntryInsertForm;
use chrono::{TimeDelta, Utc};
use erp_repo::Error;
use erp_repo::agent::MemoryEntries;
use erp_repo::isolation::begin_as_client;
use erp_testkit::{SdkRole, TestDb};
use sqlx::{PgPool, postgres::PgPoolOptions};

async fn connect(url: &str) -> PgPool {
    PgPoolOptions::new()
        .max_connections(2)
        .connect(url)
        .await
        .unwrap()
}

use crate::common::claim_key;

/// The four tables, each with a row of `acme`, one of `globex` and one shared (client_id NULL), written
/// by the owner.
async fn seed_four_tables(pool: &PgPool) {
    for client in [Some("acme"), Some("globex"), None] {
        let session: i64 =
            sqlx::query_scalar("INSERT INTO agent.sessions (client_id) VALUES ($1) RETURNING id")
                .bind(client)
                .fetch_one(pool)
                .await
                .unwrap();
        sqlx::query(
            "INSERT INTO agent.events (client_id, session_id, event_type) VALUES ($1, $2, 'message')",
        )
        .bind(client)
        .bind(session)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO agent.facts (client_id, subject_type, subject_id, fact_type, content)
             VALUES ($1, 'client', 'c', 'attribute', 'x')",
        )
        .bind(client)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO agent.reflections (client_id) VALUES ($1)")
            .bind(client)
            .execute(pool)
            .await
            .unwrap();
    }
}

const FOUR: [&str; 4] = ["sessions", "events", "facts", "reflections"];

async fn clients_seen(conn: &mut sqlx::PgConnection, table: &str) -> Vec<Option<String>> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT client_id FROM agent.{table} ORDER BY client_id NULLS FIRST"
    )))
    .fetch_all(conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn sessions_events_facts_and_reflections_show_a_client_s_rows_only_to_that_client() {
    let db = TestDb::new().await.unwrap();
    seed_four_tables(db.pool()).await;
    let role = db.login_role(SdkRole::MemoryWriter).await.unwrap();
    let pool = connect(role.url()).await;
    let key = claim_key(&db).await;

    // Acting for nobody, by hand-setting the old GUC, or with a forged claim: the shared rows only.
    let mut conn = pool.acquire().await.unwrap();
    for table in FOUR {
        assert_eq!(clients_seen(&mut conn, table).await, [None], "{table}");
    }
    sqlx::query("SET erp.client_id = 'acme'")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("SELECT set_config('erp.client_claim', 'eyJhbGciOiJIUzI1NiJ9.eyJjbGllbnQiOiJhY21lIn0.forged', false)")
        .execute(&mut *conn)
        .await
        .unwrap();
    for table in FOUR {
        assert_eq!(
            clients_seen(&mut conn, table).await,
            [None],
            "forged: {table}"
        );
        let touched = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE agent.{table} SET client_id = client_id WHERE client_id IS NOT NULL"
        )))
        .execute(&mut *conn)
        .await
        .unwrap()
        .rows_affected();
        assert_eq!(touched, 0, "forged: {table}");
    }
    drop(conn);

    // Acting for acme with a claim the database verifies: acme's rows and the shared ones, never globex's.
    let mut tx = begin_as_client(&pool, &key, "acme").await.unwrap();
    for table in FOUR {
        assert_eq!(
            clients_seen(&mut tx, table).await,
            [None, Some("acme".to_owned())],
            "{table}"
        );
        let gone = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM agent.{table} WHERE client_id = 'globex'"
        )))
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
        assert_eq!(gone, 0, "{table}");
    }
    // Writing a row for another client is refused; a shared row or acme's own is written.
    let err: Error = sqlx::query("INSERT INTO agent.reflections (client_id) VALUES ('globex')")
        .execute(&mut *tx)
        .await
        .unwrap_err()
        .into();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
    drop(tx);
    let mut tx = begin_as_client(&pool, &key, "acme").await.unwrap();
    let err: Error =
        sqlx::query("UPDATE agent.facts SET client_id = 'globex' WHERE client_id = 'acme'")
            .execute(&mut *tx)
            .await
            .unwrap_err()
            .into();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
    drop(tx);
    let mut tx = begin_as_client(&pool, &key, "acme").await.unwrap();
    sqlx::query("INSERT INTO agent.sessions (client_id) VALUES ('acme'), (NULL)")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let counts: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT client_id, count(*) FROM agent.sessions GROUP BY 1 ORDER BY 1 NULLS FIRST",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(
        counts,
        [
            (None, 2),
            (Some("acme".to_owned()), 2),
            (Some("globex".to_owned()), 1)
        ]
    );
    // '' is no client, never a client's key.
    let err: Error = sqlx::query("INSERT INTO agent.events (client_id, session_id, event_type) SELECT '', id, 'message' FROM agent.sessions LIMIT 1")
        .execute(db.pool())
        .await
        .unwrap_err()
        .into();
    assert!(matches!(err, Error::CheckViolation { .. }), "{err:?}");
    pool.close().await;
}

#[tokio::test]
async fn memory_gateway_s_role_sweeps_expired_memories_of_every_client() {
    let db = TestDb::new().await.unwrap();
    let mut forms = Vec::new();
    for i in 0..7 {
        let mut f = MemoryEntryInsertForm::new(
            if i % 2 == 0 { "acme" } else { "globex" },
            format!("old {i}"),
        );
        f.expires_at = Some(Utc::now() - TimeDelta::seconds(i + 1));
        forms.push(f);
    }
    forms.push(MemoryEntryInsertForm::new("acme", "forever"));
    let mut owner = db.pool().acquire().await.unwrap();
    MemoryEntries::insert_many(&mut owner, &forms)
        .await
        .unwrap();
    drop(owner);

    let role = db.login_role(SdkRole::MemoryWriter).await.unwrap();
    let pool = connect(role.url()).await;
    // Not acting for any client, in batches of 3: 3 + 3 + 1.
    assert_eq!(MemoryEntries::sweep_expired(&pool, 3).await.unwrap(), 7);
    assert_eq!(MemoryEntries::sweep_expired(&pool, 3).await.unwrap(), 0);
    let left: Vec<String> = sqlx::query_scalar("SELECT content FROM agent.memory_entries")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(left, ["forever"]);
    // Only the sweep: the role still deletes no live entry without acting for its client.
    let deleted = sqlx::query("DELETE FROM agent.memory_entries")
        .execute(&pool)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(deleted, 0);
    pool.close().await;
}

#[tokio::test]
async fn read_only_and_anonymous_roles_create_no_large_objects() {
    let db = TestDb::new().await.unwrap();
    for sdk_role in [
        SdkRole::Planner,
        SdkRole::Anon,
        SdkRole::MemoryWriter,
        SdkRole::Sync,
    ] {
        let role = db.login_role(sdk_role).await.unwrap();
        let pool = connect(role.url()).await;
        for sql in [
            "SELECT lo_create(0)",
            "SELECT lo_creat(-1)",
            "SELECT lo_from_bytea(0, '\\x00')",
            "SELECT lo_import('/etc/hostname')",
        ] {
            let err: Error = sqlx::query(sql).execute(&pool).await.unwrap_err().into();
            assert!(
                matches!(err, Error::PermissionDenied { .. }),
                "{sdk_role:?} {sql}: {err:?}"
            );
        }
        pool.close().await;
    }
    let none: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_largeobject_metadata")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(none, 0);
}
