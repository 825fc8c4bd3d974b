//! (10) The Coda import (erp-coda): the fixture doc of erp-coda's tests (all 36 tables, relations across
//! tables and to themselves, people, money in several currencies) copied until it has 100 k rows in all
//! (`ERP_BENCH_FULL=1`; 20 k by default, 2 k in `cargo test`'s test mode), written as a pulled directory
//! (erp-coda's on-disk format), then loaded and imported into an empty migrated database, and imported
//! again unchanged. Beside it in the same run, the floor: `ExecutionRuns::ingest_runs` (UNNEST, one
//! transaction) of as many execution runs into an empty table.
//!
//! Not criterion: an import into an empty database happens once per database, so each figure is one
//! timed run (the re-import, the median of three), and the rates are printed.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeDelta, TimeZone, Utc};
use erp_benches::{BenchDb, data, full, runtime};
use erp_coda::{ImportOptions, Progress, PulledDoc};
use erp_model::{
    ExecutionRunInsertForm, PersonId, ProjectId, RunStatus, RunType, TaskId, WorkflowId,
};
use erp_repo::erp::ExecutionRuns;
use serde_json::{Value, json};

#[allow(dead_code)]
#[path = "../../erp-coda/tests/it/common/fixture.rs"]
mod fixture;

/// Computed tables, reconciled row by row against their views: kept at the fixture's size.
const NOT_COPIED: [&str; 2] = [fixture::FINANCE_SNAPSHOT, fixture::TEMPLATE_PERFORMANCE];

/// `cargo test` runs benchmarks without `--bench`: small data.
fn test_mode() -> bool {
    !std::env::args().any(|a| a == "--bench")
}

/// A copy of a cell for copy `k`: relations point into the same copy, people get their own address.
fn copied(value: &Value, k: usize) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| copied(v, k)).collect()),
        Value::Object(o) if o.get("@type") == Some(&json!("StructuredValue")) => {
            let mut o = o.clone();
            let table = o.get("tableId").and_then(Value::as_str).unwrap_or("");
            if !NOT_COPIED.contains(&table)
                && let Some(Value::String(row)) = o.get_mut("rowId")
            {
                *row = format!("{row}-c{k}");
            }
            Value::Object(o)
        }
        Value::Object(o) if o.get("@type") == Some(&json!("Person")) => {
            let mut o = o.clone();
            if let Some(Value::String(email)) = o.get_mut("email") {
                *email = copied_email(email, k);
            }
            Value::Object(o)
        }
        Value::Object(o) => {
            Value::Object(o.iter().map(|(c, v)| (c.clone(), copied(v, k))).collect())
        }
        v => v.clone(),
    }
}

fn copied_email(email: &str, k: usize) -> String {
    match email.split_once('@') {
        Some((user, host)) => format!("{user}+c{k}@{host}"),
        None => format!("{email}+c{k}"),
    }
}

/// The fixture doc copied `copies` times (copy 0 is the fixture itself): row ids, display names (the
/// first column, unique in several tables), e-mail addresses and the relations between them per copy.
fn scaled(copies: usize) -> Vec<fixture::Table> {
    let mut tables = fixture::tables();
    for t in &mut tables {
        if NOT_COPIED.contains(&t.id) {
            continue;
        }
        let original = t.rows.clone();
        let (first, first_format) = t.columns[0];
        for k in 1..copies {
            for (id, cells) in &original {
                let mut cells = copied(cells, k);
                if let Some(o) = cells.as_object_mut() {
                    for (name, format) in &t.columns {
                        match (*format, o.get_mut(*name)) {
                            ("email", Some(Value::String(e))) => *e = copied_email(e, k),
                            // Runs are unique on (task, start): each copy starts k minutes later.
                            ("dateTime", Some(Value::String(at))) => {
                                if let Ok(t) = chrono::DateTime::parse_from_rfc3339(at) {
                                    *at = (t + TimeDelta::minutes(k as i64))
                                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
                                }
                            }
                            _ => {}
                        }
                    }
                    // (person, day) is unique, and the person is set only in the second pass (People
                    // loads later): each copy writes its own days.
                    if t.id == fixture::DAILY_THREAD
                        && let Some(Value::String(day)) = o.get_mut("Date")
                    {
                        let shifted = chrono::DateTime::parse_from_rfc3339(day).unwrap()
                            + TimeDelta::days(10 * k as i64);
                        *day = shifted.to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
                    }
                    if first_format == "text"
                        && let Some(Value::String(name)) = o.get_mut(first)
                    {
                        name.push_str(&format!(" #{k}"));
                    }
                }
                t.rows.push((format!("{id}-c{k}"), cells));
            }
        }
    }
    tables
}

/// Writes `tables` as a pulled directory, as `erp-coda pull --out` does.
fn write_pulled(dir: &Path, tables: &[fixture::Table]) {
    let base = "http://mock";
    let write = |path: &Path, value: &Value| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_json::to_vec(value).unwrap()).unwrap();
    };
    write(
        &dir.join("doc.json"),
        &json!({
            "docId": fixture::DOC, "apiUrl": base, "pulledAt": "2025-12-01T10:00:00Z",
            "tables": tables.iter().map(|t| t.id).collect::<Vec<_>>(),
        }),
    );
    write(
        &dir.join("tables/page-0001.json"),
        &json!({"items": tables.iter().map(|t| t.api_table(base)).collect::<Vec<_>>()}),
    );
    for t in tables {
        let table = dir.join("tables").join(t.id);
        write(
            &table.join("columns/page-0001.json"),
            &json!({"items": t.api_columns(base)}),
        );
        write(
            &table.join("rows/page-0001.json"),
            &json!({"items": t.api_rows(base)}),
        );
    }
}

/// Collects the import's step timings.
#[derive(Default)]
struct Steps(std::sync::Mutex<Vec<(String, Duration)>>);

impl Progress for Steps {
    fn timing(&self, step: &str, took: Duration) {
        self.0.lock().unwrap().push((step.to_owned(), took));
    }
}

impl Steps {
    /// `step 12.3 ms, ...`, for the log.
    fn line(&self) -> String {
        let steps = self.0.lock().unwrap();
        let parts: Vec<String> = steps
            .iter()
            .map(|(s, d)| format!("{s} {:.1} ms", d.as_secs_f64() * 1e3))
            .collect();
        parts.join(", ")
    }
}

/// Loads the pulled directory and imports it; the time of both and the report.
async fn import(db: &BenchDb, dir: &Path) -> (Duration, Duration, erp_coda::Report) {
    let started = Instant::now();
    let doc = PulledDoc::load(dir).expect("the pulled directory loads");
    let loaded = started.elapsed();
    let steps = Steps::default();
    let report = erp_coda::import(db.pool(), &doc, &ImportOptions::default(), &steps)
        .await
        .unwrap_or_else(|e| panic!("the import failed: {e}"));
    assert!(report.committed);
    let took = started.elapsed();
    eprintln!("coda_import:   steps: {}", steps.line());
    (loaded, took, report)
}

/// The floor: `n` execution runs through `ExecutionRuns::ingest_runs` into an empty table.
async fn ingest_floor(n: usize) -> Duration {
    let db = BenchDb::new().await;
    data::workflow_runs(&db, 50, 0).await;
    let (w0, t0, p0, a0) = (
        data::first_id(&db, "erp.workflows").await,
        data::first_id(&db, "erp.tasks").await,
        data::first_id(&db, "erp.projects").await,
        data::first_id(&db, "erp.people").await,
    );
    let base = Utc.with_ymd_and_hms(2024, 1, 1, 8, 0, 0).unwrap();
    let forms: Vec<ExecutionRunInsertForm> = (0..n as i64)
        .map(|i| {
            let started = base + TimeDelta::minutes(i);
            ExecutionRunInsertForm {
                run_type: Some(RunType::Process),
                workflow_id: Some(WorkflowId(w0 + i % 50)),
                task_id: Some(TaskId(t0 + i % 10_000)),
                project_id: Some(ProjectId(p0 + i % 200)),
                executed_by: Some(PersonId(a0 + i % 50)),
                started_at: Some(started),
                ended_at: Some(started + TimeDelta::minutes(30 + i % 240)),
                estimated_hours: Some(rust_decimal::Decimal::from(1 + i % 8)),
                outcome_notes: (i % 4 == 0).then(|| format!("run {i} went fine")),
                status: Some(RunStatus::Completed),
                ..Default::default()
            }
        })
        .collect();
    db.run("TRUNCATE erp.execution_runs CASCADE").await;
    let mut conn = db.pool().acquire().await.unwrap();
    let started = Instant::now();
    let report = ExecutionRuns::ingest_runs(&mut conn, &forms).await.unwrap();
    let took = started.elapsed();
    assert_eq!(report.inserted, n as u64);
    took
}

fn rate(rows: usize, took: Duration) -> f64 {
    rows as f64 / took.as_secs_f64()
}

fn main() {
    let target = if test_mode() {
        2_000
    } else if full() {
        100_000
    } else {
        20_000
    };
    let rt = runtime();
    let per_copy: usize = scaled(1).iter().map(|t| t.rows.len()).sum();
    let copied_per_copy: usize = scaled(1)
        .iter()
        .filter(|t| !NOT_COPIED.contains(&t.id))
        .map(|t| t.rows.len())
        .sum();
    let copies = (target - (per_copy - copied_per_copy)).div_ceil(copied_per_copy);
    let tables = scaled(copies);
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    let dir = tempfile::tempdir().unwrap();
    write_pulled(dir.path(), &tables);
    eprintln!(
        "coda_import: {} tables, {rows} rows ({copies} copies of the fixture's {per_copy}) written",
        tables.len()
    );

    let db = rt.block_on(BenchDb::new());
    let (loaded, first, report) = rt.block_on(import(&db, dir.path()));
    let (inserted, updated, unchanged, rejected) = report.totals();
    assert_eq!(rejected, 0, "the scaled fixture imports cleanly");
    eprintln!(
        "coda_import: first import {first:?} (loading the directory {loaded:?}): {inserted} inserted, \
         {updated} updated (people adopted by e-mail), {unchanged} unchanged, {} people created: \
         {:.0} rows/s",
        report.people_created,
        rate(rows, first)
    );
    let mut again = Vec::new();
    for _ in 0..3 {
        let (loaded, took, report) = rt.block_on(import(&db, dir.path()));
        let (inserted, updated, _, rejected) = report.totals();
        assert_eq!(
            (inserted, updated, rejected),
            (0, 0, 0),
            "an unchanged re-import writes nothing"
        );
        eprintln!("coda_import: re-import {took:?} (loading {loaded:?})");
        again.push(took);
    }
    again.sort();
    let again = again[1];
    drop(db);

    let floor = rt.block_on(ingest_floor(rows));
    eprintln!(
        "coda_import: {rows} rows: first import {first:?} = {:.0} rows/s; run-ingest floor (UNNEST, \
         {rows} runs) {floor:?} = {:.0} rows/s; import / floor rate {:.3}x (target >= 0.5x); \
         unchanged re-import (median of 3) {again:?} = {:.3} of the first (target <= 0.1)",
        rate(rows, first),
        rate(rows, floor),
        rate(rows, first) / rate(rows, floor),
        again.as_secs_f64() / first.as_secs_f64()
    );
}
