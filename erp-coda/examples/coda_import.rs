//! Imports the fixture Coda doc (all 36 tables) into a throwaway PostgreSQL database and prints the
//! report: the whole switch in one run, against a local mock of the Coda API.
//!
//! `cargo run --example coda_import` (from the workspace root). With `DATABASE_URL` set, the throwaway
//! database is created on that server; otherwise on a private server started from the machine's
//! PostgreSQL binaries (erp-testkit).

use erp_coda::{ImportOptions, NoProgress, PulledDoc};

// The mock and fixture of the integration tests, so the example and the tests use the same doc.
#[allow(dead_code)]
#[path = "../tests/it/common/mod.rs"]
mod common;

use common::fixture::{self, DOC};
use common::mock::{Mock, TOKEN};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. Pull: a mock Coda API that rate-limits some first calls and fails one with a 500.
    let mock = Mock::start(fixture::tables(), true).await;
    let dir = tempfile::tempdir()?;
    let (pulled, stats) = common::client(&mock.url, TOKEN)
        .pull(DOC, Some(dir.path()), &NoProgress)
        .await?;
    let rows: usize = pulled.tables.iter().map(|t| t.rows.len()).sum();
    println!(
        "pulled {} tables, {rows} rows: {} requests, {} retried, {:.1}s waited\n",
        pulled.tables.len(),
        stats.requests,
        stats.retries,
        stats.waited.as_secs_f64()
    );

    // 2. Dry run, then import, from the pulled directory.
    let db = erp_testkit::TestDb::new().await?;
    let doc = PulledDoc::load(dir.path())?;
    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let rehearsal = erp_coda::import(db.pool(), &doc, &dry, &NoProgress).await?;
    println!("dry run: {} value(s) to fix\n", rehearsal.problems.len());
    let report = erp_coda::import(db.pool(), &doc, &ImportOptions::default(), &NoProgress).await?;
    print!("{report}");

    // 3. Reconcile by importing again: nothing changes.
    let again = erp_coda::import(db.pool(), &doc, &ImportOptions::default(), &NoProgress).await?;
    let (inserted, updated, unchanged, _) = again.totals();
    println!("\nre-import: {inserted} inserted, {updated} updated, {unchanged} unchanged");
    Ok(())
}
