//! Analytics over execution runs: each workflow's variance against its estimate over the last 90 days,
//! largest drift first, and each run's hours against the estimate of the task it worked on.
//!
//! ```text
//! cargo run --example analytics
//! ```

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Write;

use chrono::{DateTime, TimeDelta, Utc};
use erp_model::{ExecutionRun, ExecutionRunId, Task, TaskId, WorkflowId};
use erp_repo::erp::{ExecutionRunFilter, ExecutionRunSort, ExecutionRuns, Tasks, Workflows};
use erp_repo::{Db, PageRequest, SortOrder};
use rust_decimal::Decimal;

use crate::BoxError;
use crate::format::{self, Align, Table};
use crate::sample;

/// The window the analytics look at.
pub const WINDOW_DAYS: i64 = 90;

/// Most runs listed one by one; the summary counts them all.
pub const MAX_LISTED_RUNS: usize = 30;

/// Runs the analytics over the 90 days up to now, writing the report to `out`.
pub async fn run(db: &Db, out: &mut dyn Write) -> Result<(), BoxError> {
    run_as_of(db, Utc::now(), out).await
}

/// Runs the analytics over the 90 days up to `now`.
pub async fn run_as_of(db: &Db, now: DateTime<Utc>, out: &mut dyn Write) -> Result<(), BoxError> {
    let pool = db.pool();
    let any = ExecutionRuns::list(
        pool,
        &ExecutionRunFilter::default(),
        SortOrder::default(),
        &PageRequest::first(1),
    )
    .await?;
    if any.items.is_empty() {
        writeln!(out, "No execution runs yet: adding the sample ERP first.\n")?;
        sample::add_sample_erp(db, now.date_naive()).await?;
    }
    let since = now - TimeDelta::days(WINDOW_DAYS);

    // 1. Workflow variance in the window, largest drift first, beside the all-time figure.
    let drift = Workflows::performance_by_drift(pool, Some(since)).await?;
    let all_time: HashMap<WorkflowId, Option<Decimal>> = Workflows::performance_all(pool)
        .await?
        .into_iter()
        .map(|row| (row.workflow_id, row.variance_pct))
        .collect();
    writeln!(
        out,
        "Workflow variance, last {WINDOW_DAYS} days (runs since {}), largest drift first",
        since.format("%Y-%m-%d")
    )?;
    let mut table = Table::new(&[
        ("Workflow", Align::Left),
        ("Est. h", Align::Right),
        ("Runs", Align::Right),
        ("Avg h", Align::Right),
        ("Variance", Align::Right),
        ("Drift", Align::Left),
        ("All time", Align::Right),
    ]);
    for row in &drift {
        table.row([
            row.name.clone(),
            format::hours(row.estimated_hours),
            row.execution_runs_count.to_string(),
            format::hours(row.avg_actual_hours),
            format::percent(row.variance_pct),
            drift_label(row.variance_pct),
            format::percent(all_time.get(&row.workflow_id).copied().flatten()),
        ]);
    }
    table.write_to(out, 2)?;

    // 2. Each run in the window against its task's estimate.
    let variances = ExecutionRuns::variances_vs_task_since(pool, since).await?;
    let runs = runs_since(db, since).await?;
    let names: HashMap<WorkflowId, String> = drift
        .iter()
        .map(|row| (row.workflow_id, row.name.clone()))
        .collect();
    let mut tasks: HashMap<TaskId, Task> = HashMap::new();
    for task_id in variances.iter().filter_map(|v| v.task_id) {
        if let Entry::Vacant(slot) = tasks.entry(task_id) {
            slot.insert(Tasks::get(pool, task_id).await?);
        }
    }
    writeln!(out, "\nRuns against their task's estimate")?;
    let mut table = Table::new(&[
        ("Run", Align::Right),
        ("Started", Align::Left),
        ("Workflow", Align::Left),
        ("Task", Align::Left),
        ("Actual h", Align::Right),
        ("Task est. h", Align::Right),
        ("Δ h", Align::Right),
        ("Variance", Align::Right),
    ]);
    for v in variances.iter().rev().take(MAX_LISTED_RUNS).rev() {
        let run = runs.get(&v.run_id);
        table.row([
            format!("#{}", v.run_id),
            run.map_or(String::new(), |r| {
                r.started_at.format("%Y-%m-%d").to_string()
            }),
            run.and_then(|r| r.workflow_id)
                .and_then(|w| names.get(&w).cloned())
                .unwrap_or_else(|| "—".to_owned()),
            v.task_id
                .and_then(|t| tasks.get(&t))
                .map_or_else(|| "(no task)".to_owned(), |t| t.title.clone()),
            format::hours(v.actual_hours),
            format::hours(v.task_estimated_hours),
            signed_hours(v.variance_hours),
            format::percent(v.variance_pct),
        ]);
    }
    table.write_to(out, 2)?;
    if variances.len() > MAX_LISTED_RUNS {
        writeln!(
            out,
            "  … and {} earlier runs",
            variances.len() - MAX_LISTED_RUNS
        )?;
    }
    let measured: Vec<Decimal> = variances.iter().filter_map(|v| v.variance_pct).collect();
    let mean = (!measured.is_empty())
        .then(|| measured.iter().sum::<Decimal>() / Decimal::from(measured.len()));
    writeln!(
        out,
        "  {} runs in the window: {} against a task estimate (mean variance {}), {} without one",
        variances.len(),
        measured.len(),
        format::percent(mean),
        variances.len() - measured.len()
    )?;
    Ok(())
}

/// Every run started at or after `since`, by id, read a page at a time.
async fn runs_since(
    db: &Db,
    since: DateTime<Utc>,
) -> Result<HashMap<ExecutionRunId, ExecutionRun>, BoxError> {
    let filter = ExecutionRunFilter {
        started_from: Some(since),
        ..Default::default()
    };
    let ordering = SortOrder::asc(ExecutionRunSort::StartedAt);
    let mut runs = HashMap::new();
    let mut request = PageRequest::first(500);
    loop {
        let page = ExecutionRuns::list(db.pool(), &filter, ordering, &request).await?;
        runs.extend(page.items.into_iter().map(|r| (r.id, r)));
        match page.next {
            Some(cursor) => request = PageRequest::after(500, cursor),
            None => return Ok(runs),
        }
    }
}

/// Which way a workflow drifts from its estimate; within ±10 % counts as on estimate.
fn drift_label(variance: Option<Decimal>) -> String {
    let ten = Decimal::from(10);
    match variance {
        Some(v) if v > ten => "▲ over".to_owned(),
        Some(v) if v < -ten => "▼ under".to_owned(),
        Some(_) => "● on estimate".to_owned(),
        None => "no data".to_owned(),
    }
}

/// Hours with a sign (`+1.00`, `-0.50`), or `—`.
fn signed_hours(value: Option<Decimal>) -> String {
    match value {
        Some(h) if h > Decimal::ZERO => format!("+{}", format::hours(Some(h))),
        other => format::hours(other),
    }
}
