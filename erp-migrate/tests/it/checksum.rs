//! A migration whose file changed after it was applied is reported and never re-run.

use erp_migrate::Error;

use crate::common::{exec, migrated, run_cli, text, versions};

#[tokio::test]
async fn changed_migration_is_reported_and_up_refuses() {
    let db = migrated().await;
    let pool = db.pool();
    let changed = versions()[1];
    sqlx::query("UPDATE _sqlx_migrations SET checksum = '\\x00' WHERE version = $1")
        .bind(changed)
        .execute(pool)
        .await
        .unwrap();

    let status = erp_migrate::status(pool).await.unwrap();
    for s in &status {
        assert!(s.is_applied() && s.embedded, "{s:?}");
        assert_eq!(s.checksum_mismatch, s.version == changed, "{s:?}");
    }

    let err = erp_migrate::up(pool).await.unwrap_err();
    match &err {
        Error::ChecksumMismatch { version, .. } => assert_eq!(*version, changed),
        other => panic!("expected a checksum mismatch, got {other:?}"),
    }
    assert!(err.to_string().contains(&changed.to_string()), "{err}");
    // Nothing was re-run or recorded again.
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(rows, versions().len() as i64);

    let out = run_cli(db.url(), &["status"]).await;
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&changed.to_string()))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("CHECKSUM MISMATCH"), "{stdout}");

    let out = run_cli(db.url(), &["up"]).await;
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!("migration {changed} ")) && stderr.contains("checksum"),
        "{stderr}"
    );
}

#[tokio::test]
async fn unknown_applied_version_is_reported_and_up_refuses() {
    let db = migrated().await;
    let pool = db.pool();
    exec(
        pool,
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (29991231000000, 'from a newer binary', true, '\\x00', 0)",
    )
    .await;

    let status = erp_migrate::status(pool).await.unwrap();
    let unknown: Vec<_> = status.iter().filter(|s| !s.embedded).collect();
    assert_eq!(unknown.len(), 1, "{status:?}");
    assert_eq!(unknown[0].version, 29991231000000);
    assert_eq!(unknown[0].description, "from a newer binary");
    assert!(unknown[0].is_applied() && unknown[0].is_problem());
    assert_eq!(status.last().unwrap().version, 29991231000000);

    let err = erp_migrate::up(pool).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnknownApplied { versions } if versions == &[29991231000000]),
        "{err:?}"
    );

    let out = run_cli(db.url(), &["status"]).await;
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("UNKNOWN"), "{stdout}");
}
