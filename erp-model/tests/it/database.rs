//! Against the migrated schema: one fully populated row of every table and view decodes into its type,
//! every column of a table is a field of its row type and back, and the database's own arithmetic (run hours,
//! variance, workflow performance, sprint membership) agrees with this crate's.

use std::collections::BTreeSet;

use erp_model::*;
use erp_testkit::TestDb;
use rust_decimal_macros::dec;
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;

/// Field names of a row type, read from its serialization (rows never skip a field).
pub fn field_names<T: Serialize>(row: &T) -> BTreeSet<String> {
    match serde_json::to_value(row).unwrap() {
        Value::Object(map) => map.keys().cloned().collect(),
        other => panic!("a row serializes to an object, not {other}"),
    }
}

/// Columns that hold NULL in a decoded row (the fixture is meant to fill every one).
pub fn null_fields<T: Serialize>(row: &T) -> Vec<String> {
    match serde_json::to_value(row).unwrap() {
        Value::Object(map) => map
            .into_iter()
            .filter(|(_, v)| v.is_null())
            .map(|(k, _)| k)
            .collect(),
        _ => unreachable!(),
    }
}

pub async fn columns(pool: &PgPool, relation: &str) -> BTreeSet<String> {
    sqlx::query_scalar::<_, String>(
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'erp' AND table_name = $1",
    )
    .bind(relation)
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

/// One row of every table, each column set, linked to each other.
pub async fn insert_one_of_everything(pool: &PgPool) {
    sqlx::raw_sql(
        r#"
        INSERT INTO erp.people (full_name, email, handle, role_label, notes, is_active)
        VALUES ('Dana Kell', 'dana@example.com', 'dk', 'Founder', 'Runs the business', true);

        INSERT INTO erp.organizations (name, website, org_type, notes, is_active)
        VALUES ('Acme', 'https://acme.example', 'Client', 'First client', true);

        INSERT INTO erp.ventures (name, description, status, owner_person_id)
        VALUES ('BestViable', 'Consulting', 'Active', (SELECT id FROM erp.people));

        INSERT INTO erp.service_blueprints (name, description, customer_actions, frontstage, backstage,
            support_processes, evidence, version, status, owner_person_id, tags)
        VALUES ('Sprint service', 'A one-week sprint', 'Books a call', 'Workshops', 'Synthesis',
            'Calendar, Drive', 'Report', 'v1', 'Active', (SELECT id FROM erp.people), '{sprint,service}');

        -- Steps as a person might write them: a bare string, numbers for hours, an unknown key.
        INSERT INTO erp.workflows (service_blueprint_id, name, description, steps, estimated_hours,
            automation_status, version, status, tags)
        VALUES ((SELECT id FROM erp.service_blueprints), 'Onboarding', 'Welcome a client',
            '["Kickoff call", {"name": "Draft plan", "estimated_hours": 1.5, "automation": "Semi-automated", "owner": "dk"}]',
            4, 'Semi-automated', 'v2', 'Active', '{onboarding}');

        INSERT INTO erp.process_templates (workflow_id, name, description, checklist, template_type, version,
            status, tags)
        VALUES ((SELECT id FROM erp.workflows), 'Onboarding - Retainer', 'For retainers',
            '[{"item": "Send contract", "done": true}, "Invoice"]', 'Operational', 'v1', 'Active', '{retainer}');

        INSERT INTO erp.resource_templates (name, description, template_type, storage_url, version, status, tags)
        VALUES ('Proposal', 'Proposal deck', 'Document', 'https://drive.example/proposal', 'v3', 'Active', '{sales}');

        INSERT INTO erp.projects (name, description, owner_person_id, organization_id, venture_id,
            process_template_id, status, start_date, end_date, tags)
        VALUES ('Acme sprint', 'Sprint for Acme', (SELECT id FROM erp.people), (SELECT id FROM erp.organizations),
            (SELECT id FROM erp.ventures), (SELECT id FROM erp.process_templates), 'Active', '2025-12-08',
            '2025-12-19', '{acme}');

        INSERT INTO erp.offers (service_blueprint_id, name, description, pricing_model, base_price, status)
        VALUES ((SELECT id FROM erp.service_blueprints), 'Design sprint', 'Five days', 'Fixed', 12500.00, 'Active');

        INSERT INTO erp.engagements (name, client_org_id, primary_contact_id, project_id, offer_id, offer_name,
            status, start_date, end_date, value_estimate, notes)
        VALUES ('Acme design sprint', (SELECT id FROM erp.organizations), (SELECT id FROM erp.people),
            (SELECT id FROM erp.projects), (SELECT id FROM erp.offers), 'Design sprint', 'Active', '2025-12-08',
            '2025-12-19', 12500.00, 'Signed');

        INSERT INTO erp.tasks (title, description, project_id, engagement_id, assignee_id, status, priority,
            due_date, estimated_hours, actual_hours, scheduled_start_date, scheduled_end_date, tags)
        VALUES ('Run kickoff', 'Kickoff with Acme', (SELECT id FROM erp.projects), (SELECT id FROM erp.engagements),
            (SELECT id FROM erp.people), 'In Progress', 'High', '2025-12-12', 2.5, 1.25, '2025-12-09',
            '2025-12-10', '{kickoff}');

        INSERT INTO erp.sprints (name, start_date, end_date, capacity_hours, status)
        VALUES ('2025-W50', '2025-12-08', '2025-12-14', 32, 'Active');

        INSERT INTO erp.okrs (owner_person_id, venture_id, venture_name, objective, key_results,
            time_horizon_start, time_horizon_end, status)
        VALUES ((SELECT id FROM erp.people), (SELECT id FROM erp.ventures), 'BestViable', 'Grow retainers',
            '[{"description": "Signed retainers", "target": 3, "current": "1", "unit": "clients"}, "Happy clients"]',
            '2025-10-01', '2025-12-31', 'Active');

        INSERT INTO erp.deliverables (engagement_id, offer_id, name, description, due_date, status)
        VALUES ((SELECT id FROM erp.engagements), (SELECT id FROM erp.offers), 'Sprint report', 'Findings',
            '2025-12-19', 'In Review');

        INSERT INTO erp.results (engagement_id, deliverable_id, name, outcome, impact, metric_name, metric_value,
            metric_unit, achieved_date)
        VALUES ((SELECT id FROM erp.engagements), (SELECT id FROM erp.deliverables), 'Faster onboarding',
            'Onboarding takes a day', 'Less churn', 'onboarding_days', 1.5, 'days', '2025-12-19');

        INSERT INTO agent.sessions DEFAULT VALUES;

        -- actual_hours left to the trigger: 09:00 to 13:36 is 4.6 h.
        INSERT INTO erp.execution_runs (run_type, workflow_id, process_template_id, task_id, project_id,
            engagement_id, executed_by, session_id, started_at, ended_at, estimated_hours, outcome_notes,
            run_identifier, status, metadata)
        VALUES ('Process', (SELECT id FROM erp.workflows), (SELECT id FROM erp.process_templates),
            (SELECT id FROM erp.tasks), (SELECT id FROM erp.projects), (SELECT id FROM erp.engagements),
            (SELECT id FROM erp.people), (SELECT id FROM agent.sessions), '2025-12-09 09:00:00+00',
            '2025-12-09 13:36:00+00', 4, 'Kickoff done', 'run-1', 'Completed', '{"source": "planner"}');
        "#,
    )
    .execute(pool)
    .await
    .unwrap();
}

/// Decodes every row of a table into its row type, checks the fixture filled every column, and checks
/// that the table's columns and the type's fields are the same set; returns the rows.
macro_rules! decode_table {
    ($pool:expr, $table:literal, $row:ty) => {{
        let rows: Vec<$row> =
            sqlx::query_as::<_, $row>(concat!("SELECT * FROM erp.", $table, " ORDER BY id"))
                .fetch_all($pool)
                .await
                .unwrap_or_else(|e| {
                    panic!("decoding erp.{} into {}: {e}", $table, stringify!($row))
                });
        assert!(!rows.is_empty(), "erp.{} is empty", $table);
        assert_eq!(
            null_fields(&rows[0]),
            Vec::<String>::new(),
            "erp.{}: fixture leaves columns NULL",
            $table
        );
        assert_eq!(
            columns($pool, $table).await,
            field_names(&rows[0]),
            "erp.{} columns differ from {} fields",
            $table,
            stringify!($row)
        );
        rows
    }};
}
pub(crate) use decode_table;

#[tokio::test]
async fn a_row_of_every_table_decodes_and_every_column_is_modelled() {
    let db = TestDb::new().await.expect("a test database");
    let pool = db.pool();
    insert_one_of_everything(pool).await;
    // Sets the columns migration 0006 added to these tables (and fills its own tables).
    crate::coda_database::insert_one_of_everything_new(pool).await;

    decode_table!(pool, "people", Person);
    decode_table!(pool, "organizations", Organization);
    decode_table!(pool, "ventures", Venture);
    decode_table!(pool, "projects", Project);
    let tasks = decode_table!(pool, "tasks", Task);
    let sprints = decode_table!(pool, "sprints", Sprint);
    let okrs = decode_table!(pool, "okrs", Okr);
    decode_table!(pool, "engagements", Engagement);
    decode_table!(pool, "offers", Offer);
    decode_table!(pool, "deliverables", Deliverable);
    decode_table!(pool, "results", EngagementResult);
    decode_table!(pool, "service_blueprints", ServiceBlueprint);
    let workflows = decode_table!(pool, "workflows", Workflow);
    let templates = decode_table!(pool, "process_templates", ProcessTemplate);
    decode_table!(pool, "resource_templates", ResourceTemplate);
    let runs = decode_table!(pool, "execution_runs", ExecutionRun);

    // Every base table of erp is checked above or, for migration 0006's, in coda_database: a new table
    // without a model fails here.
    let tables: BTreeSet<String> = sqlx::query_scalar::<_, String>(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'erp' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    assert_eq!(tables.len(), 34, "{tables:?}");

    // Hand-written JSONB decodes leniently.
    let steps = &workflows[0].steps;
    assert_eq!(steps[0], WorkflowStep::new("Kickoff call"));
    assert_eq!(steps[1].estimated_hours, Some(dec!(1.5)));
    assert_eq!(steps[1].automation, Some(AutomationStatus::SemiAutomated));
    assert_eq!(
        workflows[0].automation_status,
        AutomationStatus::SemiAutomated
    );
    assert_eq!(
        templates[0].checklist,
        vec![
            ChecklistItem {
                item: "Send contract".to_owned(),
                done: true,
                notes: None
            },
            ChecklistItem::new("Invoice"),
        ]
    );
    assert_eq!(okrs[0].key_results[0].target, Some(dec!(3)));
    assert_eq!(okrs[0].key_results[0].current, Some(dec!(1)));
    assert_eq!(okrs[0].key_results[1], KeyResult::new("Happy clients"));

    // The trigger's hours and the generated variance equal this crate's arithmetic.
    let run = &runs[0];
    let hours = hours_between(run.started_at, run.ended_at.unwrap());
    assert_eq!(run.actual_hours, hours);
    assert_eq!(run.actual_hours, Some(dec!(4.6)));
    assert_eq!(
        run.variance_pct,
        variance_pct(run.actual_hours.unwrap(), run.estimated_hours)
    );
    assert_eq!(run.variance_pct, Some(dec!(15)));

    // The sprint is the ISO week of the task's scheduled start.
    let week = sprint_of(tasks[0].scheduled_start_date.unwrap());
    assert_eq!(sprints[0].week(), Some(week));
    assert_eq!(
        (sprints[0].start_date, sprints[0].end_date),
        (week.start(), week.end())
    );

    // Views: every column modelled, rows decode.
    let sprint_tasks: Vec<SprintTask> = sqlx::query_as("SELECT * FROM erp.sprint_tasks")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(
        columns(pool, "sprint_tasks").await,
        field_names(&sprint_tasks[0])
    );
    assert_eq!(null_fields(&sprint_tasks[0]), Vec::<String>::new());
    assert_eq!(
        (sprint_tasks[0].sprint_id, sprint_tasks[0].task_id),
        (sprints[0].id, tasks[0].id)
    );

    let performance: Vec<WorkflowPerformanceRow> =
        sqlx::query_as("SELECT * FROM erp.workflow_performance")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(
        columns(pool, "workflow_performance").await,
        field_names(&performance[0])
    );
    assert_eq!(null_fields(&performance[0]), Vec::<String>::new());
    assert_eq!(
        performance[0].performance(),
        WorkflowPerformance::from_runs(workflows[0].estimated_hours, &[run.actual_hours.unwrap()])
    );
}

#[tokio::test]
async fn the_seed_workflow_performs_as_computed() {
    let db = TestDb::new().await.expect("a test database");
    let pool = db.pool();
    // Seed 001, test case 3: a 4 h workflow with runs of 3, 4, 5, 6 and 5 hours.
    let workflow: WorkflowId = sqlx::query_scalar(
        "INSERT INTO erp.workflows (name, estimated_hours) VALUES ('Test Workflow', 4) RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let hours = [dec!(3), dec!(4), dec!(5), dec!(6), dec!(5)];
    for h in hours {
        sqlx::query("INSERT INTO erp.execution_runs (workflow_id, actual_hours, estimated_hours) VALUES ($1, $2, 4)")
            .bind(workflow)
            .bind(h)
            .execute(pool)
            .await
            .unwrap();
    }
    let row: WorkflowPerformanceRow =
        sqlx::query_as("SELECT * FROM erp.workflow_performance WHERE workflow_id = $1")
            .bind(workflow)
            .fetch_one(pool)
            .await
            .unwrap();
    let computed = WorkflowPerformance::from_runs(Some(dec!(4)), &hours);
    assert_eq!(row.performance(), computed);
    assert_eq!(row.avg_actual_hours, Some(dec!(4.6)));
    assert_eq!(row.variance_pct, Some(dec!(15)));

    // The database's per-run variance equals variance_pct() for each run.
    let runs: Vec<ExecutionRun> = sqlx::query_as("SELECT * FROM erp.execution_runs ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    for run in runs {
        assert_eq!(
            run.variance_pct,
            variance_pct(run.actual_hours.unwrap(), run.estimated_hours)
        );
    }
}
