//! The binary's commands, output and exit codes.

use crate::common::{cli, run_cli, table_counts, text, unmigrated, versions};

#[tokio::test]
async fn up_status_down_through_the_binary() {
    let db = unmigrated().await;
    let all = versions();

    let out = run_cli(db.url(), &["status"]).await;
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.starts_with("VERSION"), "{stdout}");
    assert_eq!(stdout.matches("pending").count(), all.len(), "{stdout}");

    let out = run_cli(db.url(), &["up"]).await;
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    let expected: String = all.iter().map(|v| format!("applied {v}\n")).collect();
    assert_eq!(stdout, expected);

    let out = run_cli(db.url(), &["up"]).await;
    assert_eq!(text(&out).0, "nothing to apply\n");

    let out = run_cli(db.url(), &["status"]).await;
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    assert_eq!(stdout.matches(" applied ").count(), all.len(), "{stdout}");

    let out = run_cli(db.url(), &["down"]).await;
    assert_eq!(text(&out).0, format!("reverted {}\n", all[all.len() - 1]));

    let out = run_cli(db.url(), &["down", "--to", &all[0].to_string()]).await;
    assert!(out.status.success());
    assert_eq!(table_counts(db.pool()).await, (16, 0));

    // DATABASE_URL is the fallback for --database-url.
    let out = cli()
        .env("DATABASE_URL", db.url())
        .args(["down", "--all"])
        .output()
        .await
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert_eq!(stdout, format!("reverted {}\n", all[0]));
    assert_eq!(table_counts(db.pool()).await, (0, 0));
}

#[tokio::test]
async fn missing_url_is_a_usage_error() {
    let out = cli().arg("status").output().await.unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("--database-url") && stderr.contains("DATABASE_URL"),
        "{stderr}"
    );
}

#[tokio::test]
async fn bad_arguments_are_usage_errors() {
    for args in [&["frobnicate"][..], &["down", "--to", "1", "--all"], &[]] {
        let out = cli()
            .args(["--database-url", "postgres://127.0.0.1:1/x"])
            .args(args)
            .output()
            .await
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {:?}", text(&out));
    }
}

#[tokio::test]
async fn unreachable_database_exits_2() {
    // Port 1 on the loopback: nothing listens there.
    let out = run_cli("postgres://postgres@127.0.0.1:1/postgres", &["status"]).await;
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot connect"), "{stderr}");
}
