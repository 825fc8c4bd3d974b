//! Concurrent `up`s are serialised by sqlx's advisory lock: every migration is applied once.

use std::process::Stdio;

use sqlx::postgres::PgPoolOptions;

use crate::common::{ALL_TABLES, cli, table_counts, text, unmigrated, versions};

/// Each version's number of rows in `_sqlx_migrations`, by version.
async fn recorded(pool: &sqlx::PgPool) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT version, count(*) FROM _sqlx_migrations GROUP BY version ORDER BY version",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn two_cli_processes_up_at_once() {
    let db = unmigrated().await;
    let spawn = || {
        cli()
            .args(["--database-url", db.url(), "up"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the erp-migrate binary starts")
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = tokio::join!(a.wait_with_output(), b.wait_with_output());
    let (a, b) = (a.unwrap(), b.unwrap());
    let (a_out, a_err) = text(&a);
    let (b_out, b_err) = text(&b);
    assert!(a.status.success(), "first: {a_out}{a_err}");
    assert!(b.status.success(), "second: {b_out}{b_err}");

    let expected: Vec<(i64, i64)> = versions().into_iter().map(|v| (v, 1)).collect();
    assert_eq!(recorded(db.pool()).await, expected);
    assert_eq!(table_counts(db.pool()).await, ALL_TABLES);

    // Between them the two processes report each version as applied exactly once.
    let mut reported: Vec<i64> = format!("{a_out}{b_out}")
        .lines()
        .filter_map(|l| l.strip_prefix("applied "))
        .map(|v| v.parse().unwrap())
        .collect();
    reported.sort();
    assert_eq!(reported, versions(), "first: {a_out}\nsecond: {b_out}");
}

#[tokio::test]
async fn two_pools_up_at_once() {
    let db = unmigrated().await;
    let connect = || PgPoolOptions::new().max_connections(2).connect(db.url());
    let (p1, p2) = (connect().await.unwrap(), connect().await.unwrap());
    let (r1, r2) = tokio::join!(erp_migrate::up(&p1), erp_migrate::up(&p2));
    let mut applied = r1.unwrap();
    applied.extend(r2.unwrap());
    applied.sort();
    assert_eq!(applied, versions());

    let expected: Vec<(i64, i64)> = versions().into_iter().map(|v| (v, 1)).collect();
    assert_eq!(recorded(db.pool()).await, expected);
    assert!(erp_migrate::validate(&p1).await.unwrap().is_ok());
    // The lock was released: a later `up` does not wait and finds nothing to do.
    assert!(erp_migrate::up(&p2).await.unwrap().is_empty());
    p1.close().await;
    p2.close().await;
}
