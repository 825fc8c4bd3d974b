//! planner-api's path: read the active workflows and their process templates, turn one into a plan
//! (an SOP from the workflow's steps and a scheduler run with schedule blocks), create its tasks with
//! scheduled dates, ensure their ISO-week sprints, and print each sprint's load against its capacity.
//!
//! A scripted walkthrough, run by `tests/examples.rs`; the HTTP service that `cargo run --example planner_api`
//! serves is [`crate::http::planner_api`].

use std::collections::BTreeSet;
use std::io::Write;

use agent_model::{
    Plan, PlanInsertForm, PlanStatus, ScheduleBlock, SchedulerRunInsertForm, SchedulerRunStatus,
    Sop, SopStep,
};
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeDelta, Utc, Weekday};
use erp_model::{
    IsoWeek, ProcessTemplate, ProjectInsertForm, ProjectStatus, Task, TaskInsertForm, Workflow,
};
use erp_repo::agent::{PlanFilter, Plans, SchedulerRuns};
use erp_repo::erp::{Projects, Sprints, Tasks, Workflows};
use erp_repo::{Db, PageRequest, SortOrder};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::PgConnection;

use crate::BoxError;
use crate::format::{self, Align, Table};
use crate::sample::{self, SPRINT_CAPACITY_HOURS};

/// The client the example plans for (plans and scheduler runs carry the agent's client id).
pub const CLIENT_ID: &str = "contoso";

/// Runs the example as of now, writing its report to `out`.
pub async fn run(db: &Db, out: &mut dyn Write) -> Result<(), BoxError> {
    run_for(db, Utc::now().date_naive(), out).await
}

/// Runs the example as if `today` were the planning day: the work starts on the Wednesday after.
pub async fn run_for(db: &Db, today: NaiveDate, out: &mut dyn Write) -> Result<(), BoxError> {
    // 1. What the planner can choose from: the active workflows, each with its process templates.
    let mut conn = db.pool().acquire().await?;
    let mut catalog = Workflows::active_with_templates(&mut conn).await?;
    if catalog.is_empty() {
        writeln!(
            out,
            "No active workflows yet: adding the sample ERP first.\n"
        )?;
        sample::add_sample_erp(db, today).await?;
        catalog = Workflows::active_with_templates(&mut conn).await?;
    }
    writeln!(out, "Active workflows")?;
    let mut table = Table::new(&[
        ("Workflow", Align::Left),
        ("Steps", Align::Right),
        ("Est. h", Align::Right),
        ("Automation", Align::Left),
        ("Process templates", Align::Left),
    ]);
    for (workflow, templates) in &catalog {
        let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
        table.row([
            workflow.name.clone(),
            workflow.steps.len().to_string(),
            format::hours(workflow.estimated_hours),
            workflow.automation_status.label().to_owned(),
            if names.is_empty() {
                "—".to_owned()
            } else {
                names.join(", ")
            },
        ]);
    }
    table.write_to(out, 2)?;

    // 2. Pick one: the workflow with the most steps (then by name), and its first template.
    let Some((workflow, templates)) = catalog
        .iter()
        .filter(|(w, _)| !w.steps.is_empty())
        .max_by(|(a, _), (b, _)| a.steps.len().cmp(&b.steps.len()).then(b.name.cmp(&a.name)))
    else {
        writeln!(out, "\nNo active workflow has steps to plan from.")?;
        return Ok(());
    };
    let template = templates.first();
    let title = format!("{} for Contoso", workflow.name);
    writeln!(
        out,
        "\nPlanning \"{}\" (template: {})",
        title,
        template.map_or("none", |t| t.name.as_str())
    )?;

    // 3. The plan, its tasks, their sprints and a scheduler run, all or nothing; or the plan made before.
    let existing = Plans::list(
        &mut *conn,
        &PlanFilter {
            client_id: Some(CLIENT_ID.to_owned()),
            title_contains: Some(title.clone()),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::first(10),
    )
    .await?
    .items
    .into_iter()
    .find(|p| p.plan_title == title);
    let (plan, blocks) = match existing {
        Some(plan) => {
            let runs = SchedulerRuns::of_plan(&mut *conn, plan.id).await?;
            writeln!(
                out,
                "  already planned as plan #{} ({}); nothing added",
                plan.id,
                plan.status.label()
            )?;
            let blocks = runs.into_iter().flat_map(|r| r.schedule_blocks).collect();
            (plan, blocks)
        }
        None => {
            let mut tx = db.begin().await?;
            let planned = plan_workflow(&mut tx, workflow, template, &title, today).await?;
            tx.commit().await?;
            write_plan(out, &planned)?;
            (planned.plan, planned.blocks)
        }
    };

    // 4. Each sprint the plan touches, against its capacity.
    let weeks: BTreeSet<IsoWeek> = blocks
        .iter()
        .map(|b| IsoWeek::of(b.starts_at.date_naive()))
        .collect();
    writeln!(out, "\nSprint load after plan #{}", plan.id)?;
    let mut table = Table::new(&[
        ("Sprint", Align::Left),
        ("Monday", Align::Left),
        ("Sunday", Align::Left),
        ("Tasks", Align::Right),
        ("Planned h", Align::Right),
        ("Capacity h", Align::Right),
        ("Free h", Align::Right),
        ("Load", Align::Left),
    ]);
    for week in weeks {
        let Some(sprint) = Sprints::of_week(&mut *conn, week).await? else {
            continue;
        };
        let load = Sprints::load(&mut *conn, sprint.id).await?;
        table.row([
            sprint.name.clone(),
            sprint.start_date.to_string(),
            sprint.end_date.to_string(),
            load.task_count.to_string(),
            format::hours(Some(load.planned_hours)),
            format::hours(load.capacity_hours),
            format::hours(load.remaining_hours),
            match load.capacity_hours {
                Some(c) => format!(
                    "{} {}",
                    format::bar(load.planned_hours, c, 10),
                    format::share(load.planned_hours, Some(c))
                ),
                None => "no capacity set".to_owned(),
            },
        ]);
    }
    table.write_to(out, 2)?;
    Ok(())
}

/// What [`plan_workflow`] stored.
struct Planned {
    plan: Plan,
    tasks: Vec<Task>,
    blocks: Vec<ScheduleBlock>,
    sprints: Vec<String>,
    scheduler_run_id: agent_model::SchedulerRunId,
    scheduled_for: DateTime<Utc>,
}

/// The working days from the Wednesday after `today`, one per step.
fn working_days(today: NaiveDate, count: usize) -> Vec<NaiveDate> {
    let mut day = IsoWeek::of(today).next().start() + Days::new(2);
    let mut days = Vec::with_capacity(count);
    while days.len() < count {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            days.push(day);
        }
        day = day + Days::new(1);
    }
    days
}

async fn plan_workflow(
    conn: &mut PgConnection,
    workflow: &Workflow,
    template: Option<&ProcessTemplate>,
    title: &str,
    today: NaiveDate,
) -> Result<Planned, BoxError> {
    let sop = Sop {
        steps: workflow
            .steps
            .iter()
            .map(|s| SopStep {
                description: s.description.clone(),
                estimated_hours: s.estimated_hours,
                tool: s.automation.map(|a| a.label().to_owned()),
                ..SopStep::new(s.name.clone())
            })
            .collect(),
    };
    let days = working_days(today, sop.steps.len());
    let project = Projects::insert(
        &mut *conn,
        &ProjectInsertForm {
            process_template_id: template.map(|t| t.id),
            status: Some(ProjectStatus::Planned),
            start_date: days.first().copied(),
            end_date: days.last().copied(),
            ..ProjectInsertForm::new(title)
        },
    )
    .await?;
    let plan = Plans::insert(
        &mut *conn,
        &PlanInsertForm {
            intent: Some(format!(
                "Contoso signed on {today}: run \"{}\" step by step, one working day each",
                workflow.name
            )),
            sop: Some(sop.clone()),
            client_id: Some(CLIENT_ID.to_owned()),
            status: Some(PlanStatus::Scheduled),
            metadata: Some(json!({
                "workflow_id": workflow.id,
                "process_template_id": template.map(|t| t.id),
                "project_id": project.id,
            })),
            ..PlanInsertForm::new(title)
        },
    )
    .await?;

    // One task per step, on its own working day, all in one statement.
    let forms: Vec<TaskInsertForm> = sop
        .steps
        .iter()
        .zip(&days)
        .map(|(step, day)| TaskInsertForm {
            description: step.description.clone(),
            project_id: Some(project.id),
            estimated_hours: step.estimated_hours,
            scheduled_start_date: Some(*day),
            scheduled_end_date: Some(*day),
            tags: Some(vec![format!("plan:{}", plan.id)]),
            ..TaskInsertForm::new(format!("Contoso: {}", step.title))
        })
        .collect();
    let tasks = Tasks::insert_many(&mut *conn, &forms).await?;

    // Each task's ISO-week sprint exists before anyone looks at the board.
    let weeks: BTreeSet<IsoWeek> = days.iter().map(|d| IsoWeek::of(*d)).collect();
    let mut sprints = Vec::new();
    for week in weeks {
        let sprint =
            Sprints::ensure_for_with_capacity(&mut *conn, week.start(), SPRINT_CAPACITY_HOURS)
                .await?;
        sprints.push(sprint.name);
    }

    // A block of calendar time per task, from 09:00 UTC for the step's estimate (an hour without one).
    let blocks: Vec<ScheduleBlock> = tasks
        .iter()
        .map(|task| {
            let day = task
                .scheduled_start_date
                .expect("every planned task is scheduled");
            let starts_at = day.and_hms_opt(9, 0, 0).expect("09:00 exists").and_utc();
            let minutes = task.estimated_hours.map_or(60, minutes_of);
            ScheduleBlock {
                title: task.title.clone(),
                starts_at,
                ends_at: starts_at + TimeDelta::minutes(minutes),
                task_id: Some(task.id),
            }
        })
        .collect();
    let scheduled_for = blocks.first().map_or_else(Utc::now, |b| b.starts_at);
    let scheduler_run = SchedulerRuns::insert(
        &mut *conn,
        &SchedulerRunInsertForm {
            schedule_blocks: Some(blocks.clone()),
            client_id: Some(CLIENT_ID.to_owned()),
            status: Some(SchedulerRunStatus::Pending),
            scheduled_for: Some(scheduled_for),
            ..SchedulerRunInsertForm::new(plan.id)
        },
    )
    .await?;
    Ok(Planned {
        plan,
        tasks,
        blocks,
        sprints,
        scheduler_run_id: scheduler_run.id,
        scheduled_for,
    })
}

/// Whole minutes in `hours` hours.
fn minutes_of(hours: Decimal) -> i64 {
    let minutes = (hours * Decimal::from(60)).round();
    i64::try_from(minutes).unwrap_or(60)
}

fn write_plan(out: &mut dyn Write, planned: &Planned) -> std::io::Result<()> {
    let plan = &planned.plan;
    writeln!(
        out,
        "  plan #{} ({}), SOP of {} steps, {} h",
        plan.id,
        plan.status.label(),
        plan.sop.steps.len(),
        format::hours(Some(plan.sop.estimated_hours()))
    )?;
    let mut table = Table::new(&[
        ("#", Align::Right),
        ("SOP step", Align::Left),
        ("Day", Align::Left),
        ("Block (UTC)", Align::Left),
        ("Est. h", Align::Right),
        ("Task", Align::Right),
        ("Sprint", Align::Left),
    ]);
    for (i, ((step, task), block)) in plan
        .sop
        .steps
        .iter()
        .zip(&planned.tasks)
        .zip(&planned.blocks)
        .enumerate()
    {
        table.row([
            (i + 1).to_string(),
            step.title.clone(),
            block.starts_at.format("%a %Y-%m-%d").to_string(),
            format!(
                "{}–{}",
                block.starts_at.format("%H:%M"),
                block.ends_at.format("%H:%M")
            ),
            format::hours(step.estimated_hours),
            format!("#{}", task.id),
            IsoWeek::of(block.starts_at.date_naive()).name(),
        ]);
    }
    table.write_to(out, 2)?;
    writeln!(
        out,
        "  scheduler run #{} pending, due {}; sprints ensured: {}",
        planned.scheduler_run_id,
        planned.scheduled_for.format("%a %Y-%m-%d %H:%M UTC"),
        planned.sprints.join(", ")
    )
}
