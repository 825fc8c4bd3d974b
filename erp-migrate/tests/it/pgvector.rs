//! `erp-migrate pgvector enable` / `disable`: the optional pgvector storage, opted in and out through the
//! binary. Recall on it is tested in erp-repo (tests/it/recall_pgvector.rs).

use crate::common::{migrated, run_cli, text};

#[tokio::test]
async fn pgvector_enable_and_disable_through_the_binary() {
    let db = migrated().await;
    if !erp_migrate::pgvector::is_available(db.pool())
        .await
        .unwrap()
    {
        let out = run_cli(db.url(), &["pgvector", "enable"]).await;
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
        eprintln!(
            "SKIPPED pgvector_enable_and_disable_through_the_binary: the pgvector extension is not \
             installed on the test server (run scripts/build-pgvector.sh): {stderr}"
        );
        assert!(!erp_migrate::pgvector::is_enabled(db.pool()).await.unwrap());
        return;
    }
    for _ in 0..2 {
        let out = run_cli(db.url(), &["pgvector", "enable"]).await;
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stdout}{stderr}");
        assert_eq!(stdout, "pgvector storage enabled\n");
    }
    assert!(erp_migrate::pgvector::is_enabled(db.pool()).await.unwrap());
    let indexes: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = 'agent' \
         AND indexname LIKE '%embedding_vec_idx' AND indexdef LIKE '%USING hnsw%'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(indexes, 2);
    // While enabled, validate reports what the opt-in added as drift.
    let out = run_cli(db.url(), &["validate"]).await;
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("extra:") && stdout.contains("embedding_vec"),
        "{stdout}"
    );
    assert!(!stdout.contains("missing:"), "{stdout}");

    for _ in 0..2 {
        let out = run_cli(db.url(), &["pgvector", "disable"]).await;
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stdout}{stderr}");
        assert_eq!(stdout, "pgvector storage disabled\n");
    }
    assert!(!erp_migrate::pgvector::is_enabled(db.pool()).await.unwrap());
    // Nothing of it is left: the schema is the migrations' again.
    let out = run_cli(db.url(), &["validate"]).await;
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
}
