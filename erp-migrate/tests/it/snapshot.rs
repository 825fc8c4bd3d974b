//! The checked-in `schema.snapshot` equals the catalog of a freshly migrated database.
//!
//! After adding or changing a migration, regenerate it with
//! `UPDATE_SNAPSHOT=1 cargo test -p erp-migrate snapshot` and review the diff.

use std::path::Path;

use crate::common::unmigrated;

const REGENERATE: &str = "UPDATE_SNAPSHOT=1 cargo test -p erp-migrate snapshot";

#[tokio::test]
async fn snapshot_equals_freshly_migrated_catalog() {
    let db = unmigrated().await;
    erp_migrate::up(db.pool()).await.unwrap();
    let live = erp_migrate::live_schema(db.pool()).await.unwrap();
    let rendered = erp_migrate::render_snapshot(&live);

    if std::env::var_os("UPDATE_SNAPSHOT").is_some_and(|v| v == "1") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.snapshot");
        std::fs::write(&path, &rendered).unwrap();
        eprintln!("wrote {} ({} objects)", path.display(), live.len());
        return;
    }

    let report = erp_migrate::compare(&erp_migrate::expected_schema(), &live);
    assert!(
        report.is_ok(),
        "schema.snapshot differs from the migrations; if the change is intended, run `{REGENERATE}`\n{report}"
    );
    assert!(
        erp_migrate::SNAPSHOT == rendered,
        "schema.snapshot is not in its generated form; run `{REGENERATE}`"
    );
}
