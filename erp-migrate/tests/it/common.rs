//! Helpers shared by the test modules.

use std::process::Output;

use erp_testkit::TestDb;
use sqlx::PgPool;

/// Every embedded up-migration version, ascending.
pub fn versions() -> Vec<i64> {
    erp_migrate::MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .map(|m| m.version)
        .collect()
}

/// A fresh database with every migration applied.
pub async fn migrated() -> TestDb {
    TestDb::new().await.expect("a migrated test database")
}

/// A fresh, empty database.
pub async fn unmigrated() -> TestDb {
    TestDb::new_unmigrated()
        .await
        .expect("an empty test database")
}

/// Base tables of erp and agent once every migration is applied: 0001's 16 erp tables and 0006's 18,
/// 0002's 24 agent tables.
pub const ALL_TABLES: (i64, i64) = (34, 24);

/// The number of base tables in erp and in agent.
pub async fn table_counts(pool: &PgPool) -> (i64, i64) {
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE table_schema = 'erp'), count(*) FILTER (WHERE table_schema = 'agent')
         FROM information_schema.tables WHERE table_type = 'BASE TABLE'",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Whether a schema of that name exists.
pub async fn schema_exists(pool: &PgPool, name: &str) -> bool {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
        .bind(name)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Executes one statement of test set-up.
pub async fn exec(pool: &PgPool, sql: &'static str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

/// The built `erp-migrate` binary, with `DATABASE_URL` removed from its environment.
pub fn cli() -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_erp-migrate"));
    cmd.env_remove("DATABASE_URL");
    cmd
}

/// Runs the binary with `--database-url url` and `args`, and returns its output.
pub async fn run_cli(url: &str, args: &[&str]) -> Output {
    cli()
        .arg("--database-url")
        .arg(url)
        .args(args)
        .output()
        .await
        .expect("the erp-migrate binary runs")
}

/// The stdout and stderr of a run, for assertion messages and searches.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
