//! The small consulting business the examples share, added in one transaction and idempotently: rows
//! are found by name (tasks by title, runs by their natural key) when they are already there, so running
//! the examples again against one `DATABASE_URL` adds nothing twice.

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use erp_model::{
    AutomationStatus, ChecklistItem, ExecutionRunInsertForm, IsoWeek, OrgType, Organization,
    OrganizationInsertForm, PatternStatus, Person, PersonInsertForm, ProcessTemplate,
    ProcessTemplateInsertForm, ProcessTemplateType, Project, ProjectInsertForm, ProjectStatus,
    RunStatus, RunType, ServiceBlueprint, ServiceBlueprintInsertForm, Sprint, Task, TaskInsertForm,
    TaskPriority, TaskStatus, Venture, VentureInsertForm, VentureStatus, Workflow,
    WorkflowInsertForm, WorkflowStep,
};
use erp_repo::erp::{
    ExecutionRuns, LoggedRun, OrganizationFilter, Organizations, People, ProcessTemplateFilter,
    ProcessTemplates, ProjectFilter, Projects, ServiceBlueprintFilter, ServiceBlueprints, Sprints,
    Tasks, VentureFilter, Ventures, WorkflowFilter, Workflows,
};
use erp_repo::{Db, PageRequest, SortOrder};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use crate::BoxError;

/// Hours a sample sprint has for work.
pub const SPRINT_CAPACITY_HOURS: Decimal = Decimal::from_parts(30, 0, 0, false, 0);

/// The estimate of the onboarding workflow, in hours.
pub const ONBOARDING_ESTIMATE_HOURS: i64 = 4;

/// Hours of the five logged onboarding runs: their mean is 4.6 h, 15 % over the 4 h estimate.
pub const ONBOARDING_RUN_HOURS: [i64; 5] = [3, 4, 5, 6, 5];

/// What the sample ERP holds, as stored.
#[derive(Debug, Clone)]
pub struct Sample {
    /// The operations lead who owns and runs everything.
    pub person: Person,
    /// The client.
    pub organization: Organization,
    /// The line of business.
    pub venture: Venture,
    /// The service blueprint the onboarding workflow belongs to.
    pub blueprint: ServiceBlueprint,
    /// "Onboard a new client", estimated at 4 h.
    pub onboarding: Workflow,
    /// "Monthly performance report", estimated at 2 h.
    pub reporting: Workflow,
    /// "Invoice and payment follow-up", estimated at 1 h.
    pub invoicing: Workflow,
    /// The onboarding workflow's checklist for SaaS clients.
    pub onboarding_checklist: ProcessTemplate,
    /// The client's onboarding project.
    pub project: Project,
    /// The project's tasks scheduled this week and next, by scheduled start.
    pub scheduled_tasks: Vec<Task>,
    /// The unscheduled recurring tasks the past runs worked on.
    pub recurring_tasks: Vec<Task>,
    /// This week's and next week's sprints.
    pub sprints: [Sprint; 2],
    /// Every sample run, as logged (`created: false` for runs already stored).
    pub runs: Vec<LoggedRun>,
}

/// Adds the sample ERP around the ISO week of `today` (or finds it), all in one transaction.
pub async fn add_sample_erp(db: &Db, today: NaiveDate) -> Result<Sample, BoxError> {
    let mut tx = db.begin().await?;
    let sample = add_in(&mut tx, today).await?;
    tx.commit().await?;
    Ok(sample)
}

/// Finds the row of `$repo` whose name is exactly the form's, or inserts the form.
macro_rules! find_or_insert {
    ($repo:ident, $filter:ident, $conn:expr, $form:expr) => {{
        let form = $form;
        let filter = $filter {
            name_contains: Some(form.name.clone()),
            ..Default::default()
        };
        let page = $repo::list(
            &mut *$conn,
            &filter,
            SortOrder::default(),
            &PageRequest::first(100),
        )
        .await?;
        match page.items.into_iter().find(|row| row.name == form.name) {
            Some(row) => row,
            None => $repo::insert(&mut *$conn, &form).await?,
        }
    }};
}

fn hours(h: i64) -> Decimal {
    Decimal::from(h)
}

/// Hundredths of an hour: `centi_hours(75)` is 0.75 h.
fn centi_hours(h: i64) -> Decimal {
    Decimal::new(h, 2)
}

fn step(name: &str, hundredths: i64, automation: AutomationStatus) -> WorkflowStep {
    WorkflowStep {
        estimated_hours: Some(centi_hours(hundredths)),
        automation: Some(automation),
        ..WorkflowStep::new(name)
    }
}

/// 09:00 UTC on `date`.
fn nine_am(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(9, 0, 0)
        .expect("09:00 exists on every day")
        .and_utc()
}

async fn add_in(conn: &mut PgConnection, today: NaiveDate) -> Result<Sample, BoxError> {
    let person = match People::by_email(&mut *conn, "grace@example.com").await? {
        Some(p) => p,
        None => {
            let form = PersonInsertForm {
                email: Some("grace@example.com".into()),
                role_label: Some("Operations lead".into()),
                ..PersonInsertForm::new("Grace Hopper")
            };
            People::insert(&mut *conn, &form).await?
        }
    };
    let organization = find_or_insert!(
        Organizations,
        OrganizationFilter,
        conn,
        OrganizationInsertForm {
            org_type: Some(OrgType::Client),
            website: Some("https://northwind.example".into()),
            ..OrganizationInsertForm::new("Northwind Traders")
        }
    );
    let venture = find_or_insert!(
        Ventures,
        VentureFilter,
        conn,
        VentureInsertForm {
            status: Some(VentureStatus::Active),
            owner_person_id: Some(person.id),
            ..VentureInsertForm::new("Operations consulting")
        }
    );
    let blueprint = find_or_insert!(
        ServiceBlueprints,
        ServiceBlueprintFilter,
        conn,
        ServiceBlueprintInsertForm {
            description: Some(
                "From signed contract to a client working in their new workspace".into()
            ),
            status: Some(PatternStatus::Active),
            owner_person_id: Some(person.id),
            ..ServiceBlueprintInsertForm::new("Client onboarding")
        }
    );
    let onboarding_steps = vec![
        step("Kick-off call", 100, AutomationStatus::Manual),
        step(
            "Collect access and credentials",
            50,
            AutomationStatus::SemiAutomated,
        ),
        step(
            "Configure the workspace",
            150,
            AutomationStatus::SemiAutomated,
        ),
        step("Handover and training", 100, AutomationStatus::Manual),
    ];
    let onboarding = find_or_insert!(
        Workflows,
        WorkflowFilter,
        conn,
        WorkflowInsertForm {
            service_blueprint_id: Some(blueprint.id),
            description: Some("The canonical onboarding SOP".into()),
            steps: Some(onboarding_steps.clone()),
            estimated_hours: Some(hours(ONBOARDING_ESTIMATE_HOURS)),
            automation_status: Some(AutomationStatus::SemiAutomated),
            status: Some(PatternStatus::Active),
            version: Some("1.2".into()),
            ..WorkflowInsertForm::new("Onboard a new client")
        }
    );
    let reporting = find_or_insert!(
        Workflows,
        WorkflowFilter,
        conn,
        WorkflowInsertForm {
            steps: Some(vec![
                step("Pull the month's metrics", 50, AutomationStatus::Automated),
                step("Write the commentary", 100, AutomationStatus::Manual),
                step("Review and send", 50, AutomationStatus::Manual),
            ]),
            estimated_hours: Some(hours(2)),
            automation_status: Some(AutomationStatus::SemiAutomated),
            status: Some(PatternStatus::Active),
            ..WorkflowInsertForm::new("Monthly performance report")
        }
    );
    let invoicing = find_or_insert!(
        Workflows,
        WorkflowFilter,
        conn,
        WorkflowInsertForm {
            steps: Some(vec![
                step("Generate the invoice", 25, AutomationStatus::Automated),
                step("Send it", 25, AutomationStatus::Automated),
                step("Chase overdue payments", 50, AutomationStatus::Manual),
            ]),
            estimated_hours: Some(hours(1)),
            automation_status: Some(AutomationStatus::Automated),
            status: Some(PatternStatus::Active),
            ..WorkflowInsertForm::new("Invoice and payment follow-up")
        }
    );
    let onboarding_checklist = find_or_insert!(
        ProcessTemplates,
        ProcessTemplateFilter,
        conn,
        ProcessTemplateInsertForm {
            workflow_id: Some(onboarding.id),
            checklist: Some(
                onboarding_steps
                    .iter()
                    .map(|s| ChecklistItem::new(s.name.clone()))
                    .collect()
            ),
            template_type: Some(ProcessTemplateType::Operational),
            status: Some(PatternStatus::Active),
            ..ProcessTemplateInsertForm::new("Onboarding checklist (SaaS client)")
        }
    );
    find_or_insert!(
        ProcessTemplates,
        ProcessTemplateFilter,
        conn,
        ProcessTemplateInsertForm {
            workflow_id: Some(reporting.id),
            checklist: Some(vec![
                ChecklistItem::new("Traffic and conversion"),
                ChecklistItem::new("Three wins, one risk"),
            ]),
            template_type: Some(ProcessTemplateType::Communication),
            status: Some(PatternStatus::Active),
            ..ProcessTemplateInsertForm::new("Monthly report email")
        }
    );

    let week = IsoWeek::of(today);
    let monday = week.start();
    let next_monday = week.next().start();
    let project = find_or_insert!(
        Projects,
        ProjectFilter,
        conn,
        ProjectInsertForm {
            owner_person_id: Some(person.id),
            organization_id: Some(organization.id),
            venture_id: Some(venture.id),
            process_template_id: Some(onboarding_checklist.id),
            status: Some(ProjectStatus::Active),
            start_date: Some(monday),
            ..ProjectInsertForm::new("Northwind onboarding")
        }
    );
    let sprints = [
        Sprints::ensure_for_with_capacity(&mut *conn, monday, SPRINT_CAPACITY_HOURS).await?,
        Sprints::ensure_for_with_capacity(&mut *conn, next_monday, SPRINT_CAPACITY_HOURS).await?,
    ];

    use TaskPriority::{High, Low, Medium, Urgent};
    use TaskStatus::{Blocked, Done, InProgress, NotStarted};
    // (title, the sprint's Monday, days after it, status, priority, estimate in hundredths of an hour)
    #[rustfmt::skip]
    let plan = [
        ("Kick-off call with Northwind",      monday,      0, Done,       High,   Some(150)),
        ("Collect access and credentials",    monday,      1, Done,       Medium, Some(100)),
        ("Configure the Northwind workspace", monday,      2, InProgress, High,   Some(300)),
        ("Draft the first monthly report",    monday,      3, NotStarted, Medium, Some(200)),
        ("Handover and training session",     monday,      4, NotStarted, Urgent, Some(250)),
        ("Review onboarding feedback",        next_monday, 0, NotStarted, Low,    Some(100)),
        ("Set up invoice automation",         next_monday, 2, Blocked,    Medium, Some(400)),
        ("Follow up on open questions",       next_monday, 3, NotStarted, Medium, None),
    ];
    let existing = Tasks::of_project(&mut *conn, project.id, &[]).await?;
    let mut scheduled_tasks = Vec::new();
    for (title, week_start, day, status, priority, estimate) in plan {
        let start = week_start + Days::new(day);
        let task = match existing.iter().find(|t| t.title == title) {
            // Found from an earlier run, perhaps in an earlier week: move it to this week's plan.
            Some(task) if task.scheduled_start_date != Some(start) => {
                Tasks::reschedule(&mut *conn, task.id, start, Some(start))
                    .await?
                    .task
            }
            Some(task) => task.clone(),
            None => {
                let form = TaskInsertForm {
                    project_id: Some(project.id),
                    assignee_id: Some(person.id),
                    status: Some(status),
                    priority: Some(priority),
                    estimated_hours: estimate.map(centi_hours),
                    scheduled_start_date: Some(start),
                    scheduled_end_date: Some(start),
                    ..TaskInsertForm::new(title)
                };
                Tasks::insert(&mut *conn, &form).await?
            }
        };
        scheduled_tasks.push(task);
    }

    // The runs of the past weeks worked on two recurring, unscheduled tasks.
    let mut recurring_tasks = Vec::new();
    for (title, estimate) in [
        ("Client onboarding sessions", ONBOARDING_ESTIMATE_HOURS),
        ("Monthly performance reports", 2),
    ] {
        let form = TaskInsertForm {
            assignee_id: Some(person.id),
            status: Some(InProgress),
            estimated_hours: Some(hours(estimate)),
            tags: Some(vec!["recurring".into()]),
            ..TaskInsertForm::new(title)
        };
        let found = Tasks::open_for_person(&mut *conn, person.id)
            .await?
            .into_iter()
            .find(|t| t.title == title && t.project_id.is_none());
        recurring_tasks.push(match found {
            Some(task) => task,
            None => Tasks::insert(&mut *conn, &form).await?,
        });
    }

    let run = |workflow: &Workflow, started_at: DateTime<Utc>, minutes: i64| {
        ExecutionRunInsertForm {
            run_type: Some(RunType::Process),
            workflow_id: Some(workflow.id),
            executed_by: Some(person.id),
            started_at: Some(started_at),
            // The database fills actual_hours from the session's length.
            ended_at: Some(started_at + TimeDelta::minutes(minutes)),
            status: Some(RunStatus::Completed),
            ..ExecutionRunInsertForm::new()
        }
    };
    let mut forms = Vec::new();
    // Onboarding: one run a week over the last five weeks, 3, 4, 5, 6 and 5 hours.
    for (i, h) in ONBOARDING_RUN_HOURS.iter().enumerate() {
        let weeks_ago = 5 - i as u64;
        let started = nine_am(monday - Days::new(7 * weeks_ago));
        forms.push(ExecutionRunInsertForm {
            task_id: Some(recurring_tasks[0].id),
            process_template_id: Some(onboarding_checklist.id),
            ..run(&onboarding, started, h * 60)
        });
    }
    // Reporting: three monthly runs in the last 90 days, and one long one five months ago.
    for (days_ago, minutes) in [(140, 480), (77, 150), (49, 180), (21, 210)] {
        let started = nine_am(monday - Days::new(days_ago));
        forms.push(ExecutionRunInsertForm {
            task_id: Some(recurring_tasks[1].id),
            ..run(&reporting, started, minutes)
        });
    }
    // Invoicing: no task; known by a run identifier instead.
    for (days_ago, minutes) in [(42, 45), (28, 60), (14, 48)] {
        let started = nine_am(monday - Days::new(days_ago));
        forms.push(ExecutionRunInsertForm {
            run_identifier: Some(format!("sample/invoicing/{}", started.date_naive())),
            ..run(&invoicing, started, minutes)
        });
    }
    let mut runs = Vec::new();
    for form in &forms {
        runs.push(ExecutionRuns::log_run(&mut *conn, form).await?);
    }

    Ok(Sample {
        person,
        organization,
        venture,
        blueprint,
        onboarding,
        reporting,
        invoicing,
        onboarding_checklist,
        project,
        scheduled_tasks,
        recurring_tasks,
        sprints,
        runs,
    })
}
