//! The README's demo: migrate, add a small ERP, print this week's sprint board and the workflow
//! performance table.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use std::io::Write;

use chrono::{NaiveDate, Utc};
use erp_model::IsoWeek;
use erp_repo::Db;
use erp_repo::erp::{Sprints, Workflows};

use crate::BoxError;
use crate::format::{self, Align, Table};
use crate::sample::{self, Sample};

/// Runs the demo for the current week, writing its report to `out`.
pub async fn run(db: &Db, out: &mut dyn Write) -> Result<(), BoxError> {
    run_for(db, Utc::now().date_naive(), out).await
}

/// Runs the demo for the ISO week of `today`.
pub async fn run_for(db: &Db, today: NaiveDate, out: &mut dyn Write) -> Result<(), BoxError> {
    // 1. The schema: a service applies pending migrations at start-up, before serving.
    let applied_now = erp_migrate::up(db.pool()).await?;
    let migrations = erp_migrate::status(db.pool()).await?;
    let latest = migrations.iter().rev().find(|m| m.is_applied());
    writeln!(
        out,
        "Schema: {} migrations applied ({} just now){}",
        migrations.iter().filter(|m| m.is_applied()).count(),
        applied_now.len(),
        latest
            .map(|m| format!(", latest {} {}", m.version, m.description))
            .unwrap_or_default()
    )?;

    // 2. A small ERP: people, a client, a blueprint with its workflows and templates, tasks, runs.
    let sample = sample::add_sample_erp(db, today).await?;
    write_sample(out, &sample)?;

    // 3. This week's sprint board: the sprint, its tasks (computed from their start dates), its load.
    let week = IsoWeek::of(today);
    let mut conn = db.pool().acquire().await?;
    let board = Sprints::board(&mut conn, week).await?;
    let load = Sprints::load(&mut *conn, board.sprint.id).await?;
    writeln!(out)?;
    writeln!(
        out,
        "Sprint {} · {} – {} · {}",
        board.sprint.name,
        board.sprint.start_date.format("%a %Y-%m-%d"),
        board.sprint.end_date.format("%a %Y-%m-%d"),
        board.sprint.status.label()
    )?;
    let mut table = Table::new(&[
        ("Day", Align::Left),
        ("Date", Align::Left),
        ("Task", Align::Left),
        ("Status", Align::Left),
        ("Priority", Align::Left),
        ("Est. h", Align::Right),
    ]);
    for task in &board.tasks {
        table.row([
            task.scheduled_start_date.format("%a").to_string(),
            task.scheduled_start_date.to_string(),
            task.title.clone(),
            task.status.label().to_owned(),
            task.priority.label().to_owned(),
            format::hours(task.estimated_hours),
        ]);
    }
    table.write_to(out, 2)?;
    writeln!(out, "  Load: {}", format::sprint_load(&load))?;
    let next = Sprints::of_week(&mut *conn, week.next()).await?;
    if let Some(next) = next {
        let next_load = Sprints::load(&mut *conn, next.id).await?;
        writeln!(
            out,
            "  Next week, {}: {}",
            next.name,
            format::sprint_load(&next_load)
        )?;
    }

    // 4. How each workflow performs against its estimate, over all its runs.
    let performance = Workflows::performance_all(&mut *conn).await?;
    writeln!(out)?;
    writeln!(out, "Workflow performance (all runs)")?;
    let mut table = Table::new(&[
        ("Workflow", Align::Left),
        ("Est. h", Align::Right),
        ("Runs", Align::Right),
        ("Avg h", Align::Right),
        ("Variance", Align::Right),
    ]);
    for row in &performance {
        table.row([
            row.name.clone(),
            format::hours(row.estimated_hours),
            row.execution_runs_count.to_string(),
            format::hours(row.avg_actual_hours),
            format::percent(row.variance_pct),
        ]);
    }
    table.write_to(out, 2)?;
    Ok(())
}

fn write_sample(out: &mut dyn Write, s: &Sample) -> std::io::Result<()> {
    let new_runs = s.runs.iter().filter(|r| r.created).count();
    writeln!(out)?;
    writeln!(out, "Sample ERP")?;
    writeln!(
        out,
        "  {} ({}) runs project \"{}\" for {} ({}), venture \"{}\"",
        s.person.full_name,
        s.person.role_label.as_deref().unwrap_or("staff"),
        s.project.name,
        s.organization.name,
        s.organization
            .org_type
            .map(|t| t.label())
            .unwrap_or("organization"),
        s.venture.name
    )?;
    writeln!(
        out,
        "  blueprint \"{}\" → workflow \"{}\" ({} steps, {} h) → template \"{}\"",
        s.blueprint.name,
        s.onboarding.name,
        s.onboarding.steps.len(),
        format::hours(s.onboarding.estimated_hours),
        s.onboarding_checklist.name
    )?;
    writeln!(
        out,
        "  {} tasks scheduled this week and next, {} recurring; {} execution runs ({} new, {} already logged)",
        s.scheduled_tasks.len(),
        s.recurring_tasks.len(),
        s.runs.len(),
        new_runs,
        s.runs.len() - new_runs
    )
}
