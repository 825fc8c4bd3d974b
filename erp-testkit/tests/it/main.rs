//! Integration tests of erp-testkit against a real server (the throwaway one, or
//! `DATABASE_URL`).

mod roles;

use erp_testkit::{TestDb, TestServer};
use sqlx::Connection;

async fn table_exists(db: &TestDb, table: &str) -> bool {
    sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
        .bind(table)
        .fetch_one(db.pool())
        .await
        .expect("to_regclass")
}

#[tokio::test]
async fn concurrent_databases_are_isolated() {
    let (a, b) = tokio::join!(TestDb::new(), TestDb::new());
    let (a, b) = (a.expect("db a"), b.expect("db b"));
    assert_ne!(a.name(), b.name());

    sqlx::query("CREATE TABLE only_in_a (id int)")
        .execute(a.pool())
        .await
        .expect("create table in a");
    assert!(table_exists(&a, "only_in_a").await);
    assert!(!table_exists(&b, "only_in_a").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_databases_all_work() {
    let tasks: Vec<_> = (0..20)
        .map(|i: i32| {
            tokio::spawn(async move {
                let db = TestDb::new().await.expect("test database");
                sqlx::query("CREATE TABLE t (v int)")
                    .execute(db.pool())
                    .await
                    .expect("create table");
                sqlx::query("INSERT INTO t VALUES ($1)")
                    .bind(i)
                    .execute(db.pool())
                    .await
                    .expect("insert");
                let v: i32 = sqlx::query_scalar("SELECT v FROM t")
                    .fetch_one(db.pool())
                    .await
                    .expect("select");
                assert_eq!(v, i);
                db.name().to_owned()
            })
        })
        .collect();
    let mut names = Vec::new();
    for task in tasks {
        names.push(task.await.expect("task"));
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 20);
}

#[tokio::test]
async fn the_template_is_migrated() {
    let db = TestDb::new().await.expect("test database");
    let migrator = &erp_migrate::MIGRATOR;
    let expected = migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .count();
    let applied: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM {} WHERE success",
        migrator.table_name
    )))
    .fetch_one(db.pool())
    .await
    .expect("the migrations table exists");
    assert_eq!(applied, i64::try_from(expected).unwrap());
}

#[tokio::test]
async fn unmigrated_databases_are_empty() {
    let db = TestDb::new_unmigrated().await.expect("test database");
    assert!(!table_exists(&db, erp_migrate::MIGRATOR.table_name.as_ref()).await);
}

#[tokio::test]
async fn a_dropped_database_is_removed() {
    let keeper = TestDb::new_unmigrated().await.expect("test database");
    let db = TestDb::new().await.expect("test database");
    let name = db.name().to_owned();
    drop(db);
    let mut gone = false;
    for _ in 0..100 {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)")
                .bind(&name)
                .fetch_one(keeper.pool())
                .await
                .expect("pg_database");
        if !exists {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(gone, "{name} still exists");
}

#[tokio::test]
async fn other_roles_can_connect_via_url_as() {
    let db = TestDb::new().await.expect("test database");
    let role = format!("{}_reader", db.name());
    let mut admin = sqlx::PgConnection::connect(db.admin_url())
        .await
        .expect("admin connection");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {role} LOGIN PASSWORD 'pw'; GRANT CONNECT ON DATABASE {} TO {role}",
        db.name()
    )))
    .execute(&mut admin)
    .await
    .expect("create role");

    let mut conn = sqlx::PgConnection::connect(&db.url_as(&role, Some("pw")))
        .await
        .expect("connect as the new role");
    let (user, database): (String, String) =
        sqlx::query_as("SELECT current_user::text, current_database()::text")
            .fetch_one(&mut conn)
            .await
            .expect("whoami");
    assert_eq!(
        (user.as_str(), database.as_str()),
        (role.as_str(), db.name())
    );
    conn.close().await.expect("close");

    // Roles are server-wide: clean up after ourselves.
    drop(db);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP ROLE IF EXISTS {role}")))
        .execute(&mut admin)
        .await
        .ok();
}

#[tokio::test]
async fn a_private_server_survives_a_restart() {
    let server = TestServer::start().await.expect("private server");
    let db = server
        .new_db()
        .await
        .expect("database on the private server");
    sqlx::raw_sql("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before')")
        .execute(db.pool())
        .await
        .expect("write before the restart");

    server.stop().await.expect("stop");
    assert!(
        sqlx::PgConnection::connect(db.url()).await.is_err(),
        "connected while stopped"
    );
    // The pool retries connecting until its acquire timeout: it either fails or hangs.
    let while_stopped = tokio::time::timeout(
        std::time::Duration::from_secs(1),
        sqlx::query("SELECT 1").execute(db.pool()),
    )
    .await;
    assert!(
        !matches!(while_stopped, Ok(Ok(_))),
        "a query succeeded while stopped"
    );

    server.start_again().await.expect("start again");
    let v: String = sqlx::query_scalar("SELECT v FROM kept")
        .fetch_one(db.pool())
        .await
        .expect("read after the restart");
    assert_eq!(v, "before");

    let other = server.new_unmigrated_db().await.expect("another database");
    sqlx::query("SELECT 1")
        .execute(other.pool())
        .await
        .expect("a database made after the restart");
}

/// Runs 8 concurrent tasks of 200 parameterised statements through `url`, each in a transaction of
/// its own, with sqlx's statement cache off and unnamed statements.
async fn unnamed_statements_in_transactions(url: &str) -> Result<(), sqlx::Error> {
    use std::str::FromStr;
    let options = sqlx::postgres::PgConnectOptions::from_str(url)?.statement_cache_capacity(0);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    let tasks: Vec<_> = (0..8)
        .map(|i: i32| {
            let pool = pool.clone();
            tokio::spawn(async move {
                for j in 0..200 {
                    let mut tx = pool.begin().await?;
                    let v: i32 = sqlx::query_scalar("SELECT $1::int + $2::int")
                        .bind(i)
                        .bind(j)
                        .persistent(false)
                        .fetch_one(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    assert_eq!(v, i + j);
                }
                Ok::<_, sqlx::Error>(())
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task")?;
    }
    pool.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pgbouncer_pools_transactions_and_checks_passwords() {
    let db = TestDb::new_scaled().await.expect("scaled database");
    let url = db.pooler_url().expect("a pooler");
    unnamed_statements_in_transactions(url)
        .await
        .expect("unnamed statements in transactions work through the pooler");

    // A role a test creates logs in through the pooler with its password, and only with it.
    let user = format!("pooled_{}", db.name());
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {user} LOGIN PASSWORD 'pw'"
    )))
    .execute(db.pool())
    .await
    .expect("create role");
    let mut conn = sqlx::PgConnection::connect(&db.pooler_url_as(&user, Some("pw")).unwrap())
        .await
        .expect("the role logs in through the pooler");
    let who: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(who, user);
    let _ = conn.close().await;
    let wrong = sqlx::PgConnection::connect(&db.pooler_url_as(&user, Some("nope")).unwrap()).await;
    assert!(wrong.is_err(), "a wrong password is refused");
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP ROLE {user}")))
        .execute(db.pool())
        .await;
}

#[tokio::test]
async fn the_replica_streams_the_primary_and_refuses_writes() {
    let db = TestDb::new_scaled().await.expect("scaled database");
    let mut replica = sqlx::PgConnection::connect(db.replica_url().expect("a replica"))
        .await
        .expect("the new database is on the replica");
    let in_recovery: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
        .fetch_one(&mut replica)
        .await
        .unwrap();
    assert!(in_recovery);
    sqlx::raw_sql("CREATE TABLE streamed (v int); INSERT INTO streamed VALUES (7)")
        .execute(db.pool())
        .await
        .unwrap();
    let mut seen = None;
    for _ in 0..500 {
        if let Ok(v) = sqlx::query_scalar::<_, i32>("SELECT v FROM streamed")
            .fetch_one(&mut replica)
            .await
        {
            seen = Some(v);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(seen, Some(7), "the row reaches the replica within 5 s");
    let write = sqlx::query("INSERT INTO streamed VALUES (8)")
        .execute(&mut replica)
        .await
        .unwrap_err();
    let code = write.as_database_error().and_then(|e| e.code());
    assert_eq!(code.as_deref(), Some("25006"), "read_only_sql_transaction");
}
