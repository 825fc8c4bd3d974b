//! The `erp-coda` binary end to end: pull from the mock, dry run, import, re-import.

use std::process::Output;

use erp_testkit::TestDb;

use crate::common::fixture;
use crate::common::mock::{Mock, TOKEN};

async fn erp_coda(args: &[&str], token: &str) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_erp-coda"))
        .args(args)
        .env("CODA_API_TOKEN", token)
        .env_remove("DATABASE_URL")
        .output()
        .await
        .expect("run erp-coda")
}

#[tokio::test]
async fn pull_dry_run_import_and_reimport() {
    let mock = Mock::start(fixture::tables(), true).await;
    let db = TestDb::new().await.expect("db");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("pulled");
    let out_s = out.to_str().expect("utf-8 path");
    let pulled = erp_coda(
        &[
            "pull",
            "--out",
            out_s,
            "--api-url",
            &mock.url,
            "--max-wait",
            "2",
        ],
        TOKEN,
    )
    .await;
    assert!(
        pulled.status.success(),
        "{}",
        String::from_utf8_lossy(&pulled.stderr)
    );
    assert!(String::from_utf8_lossy(&pulled.stdout).contains("36 tables"));

    let report_file = dir.path().join("report.json");
    let args = |extra: &[&'static str]| {
        let mut a = vec!["import", "--from", out_s, "--database-url", db.url()];
        a.extend_from_slice(extra);
        a
    };
    let dry = erp_coda(&args(&["--dry-run"]), TOKEN).await;
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(String::from_utf8_lossy(&dry.stdout).contains("dry run, rolled back"));

    let mut with_report = args(&[]);
    with_report.extend(["--report", report_file.to_str().expect("path")]);
    let import = erp_coda(&with_report, TOKEN).await;
    let stdout = String::from_utf8_lossy(&import.stdout);
    assert!(
        import.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(stdout.contains("committed"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report_file).expect("report")).expect("json");
    assert_eq!(json["tables"].as_array().map(Vec::len), Some(36));

    let again = erp_coda(&args(&[]), TOKEN).await;
    assert!(String::from_utf8_lossy(&again.stdout).contains("total: 0 inserted, 0 updated"));
}

#[tokio::test]
async fn a_refused_token_stops_the_binary_and_is_not_printed() {
    let mock = Mock::start(fixture::tables(), false).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().to_str().expect("path").to_owned();
    let run = erp_coda(
        &["pull", "--out", &out, "--api-url", &mock.url],
        "sekrit-wrong-token",
    )
    .await;
    assert!(!run.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(all.contains("refused the API token"), "{all}");
    assert!(!all.contains("sekrit"), "{all}");
}
