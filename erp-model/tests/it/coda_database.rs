//! Against the migrated schema, the tables and views of migration 0006: one fully populated row of each
//! decodes into its type with every column modelled, the views' figures are what the rows add up to,
//! and the database enforces what the models document (currencies, Touchpoint runs, ISO-week sprints,
//! run estimates taken from the task or workflow).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use erp_model::*;
use erp_testkit::TestDb;
use rust_decimal_macros::dec;
use sqlx::PgPool;

use crate::database::{columns, decode_table, field_names, insert_one_of_everything, null_fields};

/// One row of every 0006 table with every column set, linked to the rows of
/// [`insert_one_of_everything`] and to each other; the columns 0006 added to older tables are set too.
pub async fn insert_one_of_everything_new(pool: &PgPool) {
    sqlx::raw_sql(
        r#"
        INSERT INTO erp.outcome_types (name, description, is_active) VALUES ('Time saved', 'Hours a client saves', true);
        -- Row 1 of each nesting table has a parent (row 2).
        INSERT INTO erp.functional_areas (id, name) OVERRIDING SYSTEM VALUE VALUES (2, 'Operations');
        INSERT INTO erp.functional_areas (id, parent_id, name, description, owner_person_id, is_active)
        OVERRIDING SYSTEM VALUE VALUES (1, 2, 'Delivery', 'Client delivery', (SELECT id FROM erp.people), true);
        INSERT INTO erp.topics (id, name) OVERRIDING SYSTEM VALUE VALUES (2, 'Sales');
        INSERT INTO erp.topics (id, parent_id, name, description) OVERRIDING SYSTEM VALUE
        VALUES (1, 2, 'Pricing', 'How offers are priced');

        UPDATE erp.results SET outcome_type_id = 1;
        UPDATE erp.workflows SET functional_area_id = 1;
        UPDATE erp.offers SET currency = 'EUR';
        UPDATE erp.engagements SET currency = 'EUR';

        INSERT INTO erp.icp_segments (name, description, industry, company_size, pain_points, criteria, status)
        VALUES ('Boutique agencies', 'Agencies of 10-50', 'Marketing', '11-50', 'Slow onboarding',
            '[{"criterion": "Budget", "weight": 30}]', 'Active');

        INSERT INTO erp.deals (name, organization_id, contact_person_id, owner_person_id, offer_id, icp_segment_id,
            engagement_id, stage, source, amount, currency, probability, expected_close_date, closed_on,
            lost_reason, notes)
        VALUES ('Acme sprint deal', (SELECT id FROM erp.organizations), (SELECT id FROM erp.people),
            (SELECT id FROM erp.people), (SELECT id FROM erp.offers), (SELECT id FROM erp.icp_segments),
            (SELECT id FROM erp.engagements), 'Won', 'Referral', 12500.00, 'EUR', 100, '2025-12-05', '2025-12-04',
            'n/a', 'Signed after the workshop');

        INSERT INTO erp.execution_runs (id, run_type, started_at, ended_at, outcome_notes) OVERRIDING SYSTEM VALUE
        VALUES (2, 'Touchpoint', '2025-12-04 10:00:00+00', '2025-12-04 10:30:00+00', 'Closing call');

        INSERT INTO erp.touchpoints (subject, summary, channel, direction, status, occurred_at, duration_minutes,
            person_id, organization_id, owner_person_id, engagement_id, deal_id, resource_template_id,
            execution_run_id, next_step, follow_up_on)
        VALUES ('Closing call', 'Agreed on scope', 'Video Call', 'Outbound', 'Completed', '2025-12-04 10:00:00+00',
            30, (SELECT id FROM erp.people), (SELECT id FROM erp.organizations), (SELECT id FROM erp.people),
            (SELECT id FROM erp.engagements), (SELECT id FROM erp.deals), (SELECT id FROM erp.resource_templates),
            2, 'Send the contract', '2025-12-08');

        INSERT INTO erp.icp_scoring (icp_segment_id, organization_id, deal_id, scored_by, scored_on, score, grade,
            criteria_scores, notes)
        VALUES ((SELECT id FROM erp.icp_segments), (SELECT id FROM erp.organizations), (SELECT id FROM erp.deals),
            (SELECT id FROM erp.people), '2025-12-01', 82.5, 'Hot', '{"Budget": 25}', 'Strong fit');

        INSERT INTO erp.invoices (invoice_number, organization_id, engagement_id, project_id, status, issue_date,
            due_date, currency, subtotal, tax_amount, document_url, notes)
        VALUES ('INV-2025-001', (SELECT id FROM erp.organizations), (SELECT id FROM erp.engagements),
            (SELECT id FROM erp.projects), 'Partially Paid', '2025-12-10', '2025-12-24', 'EUR', 10000.00, 2000.00,
            'https://drive.example/inv-1.pdf', 'Half up front');

        INSERT INTO erp.expenses (description, category, status, expense_date, amount, currency, is_billable,
            vendor_org_id, person_id, project_id, engagement_id, rebilled_invoice_id, receipt_url, notes)
        VALUES ('Workshop venue', 'Office', 'Paid', '2025-12-09', 450.00, 'EUR', true,
            (SELECT id FROM erp.organizations), (SELECT id FROM erp.people), (SELECT id FROM erp.projects),
            (SELECT id FROM erp.engagements), (SELECT id FROM erp.invoices), 'https://drive.example/r.pdf', 'Room');

        INSERT INTO erp.payments (direction, status, method, amount, currency, paid_on, reference, invoice_id,
            expense_id, organization_id, person_id, notes)
        VALUES ('Incoming', 'Completed', 'Bank Transfer', 6000.00, 'EUR', '2025-12-15', 'SEPA-1',
            (SELECT id FROM erp.invoices), (SELECT id FROM erp.expenses), (SELECT id FROM erp.organizations),
            (SELECT id FROM erp.people), 'First half, venue netted');

        INSERT INTO erp.kpis (name, description, functional_area_id, okr_id, venture_id, owner_person_id, unit,
            target_value, target_direction, frequency, status)
        VALUES ('Onboarding days', 'Days to onboard a client', 1, (SELECT id FROM erp.okrs),
            (SELECT id FROM erp.ventures), (SELECT id FROM erp.people), 'days', 2, 'Decrease', 'Monthly', 'Active');
        INSERT INTO erp.kpi_measurements (kpi_id, period_start, value, notes)
        VALUES ((SELECT id FROM erp.kpis), '2025-12-01', 1.5, 'Acme');

        INSERT INTO erp.daily_thread (entry_date, person_id, content, wins, blockers, energy, tags)
        VALUES ('2025-12-09', (SELECT id FROM erp.people), 'Kickoff day', 'Signed Acme', 'None', 'High', '{acme}');
        INSERT INTO erp.decision_journal (title, decided_on, status, context, options, decision, rationale,
            expected_outcome, review_on, actual_outcome, decided_by, venture_id, project_id, topic_id)
        VALUES ('Fixed price for sprints', '2025-12-01', 'Reviewed', 'Clients want certainty', 'Hourly or fixed',
            'Fixed', 'Easier to sell', 'More deals', '2026-03-01', 'Two more deals', (SELECT id FROM erp.people),
            (SELECT id FROM erp.ventures), (SELECT id FROM erp.projects), 1);
        INSERT INTO erp.experiments (name, hypothesis, success_criteria, status, verdict, kpi_id, outcome_type_id,
            owner_person_id, start_date, end_date, baseline_value, target_value, result_value, learnings)
        VALUES ('Checklist onboarding', 'A checklist halves onboarding', 'Under 2 days', 'Completed', 'Validated',
            (SELECT id FROM erp.kpis), 1, (SELECT id FROM erp.people), '2025-11-01', '2025-11-30', 4, 2, 1.5,
            'Checklists work');
        INSERT INTO erp.notebook (title, content, note_type, topic_id, author_person_id, source_url, tags)
        VALUES ('Pricing notes', 'Anchor high', 'Research', 1, (SELECT id FROM erp.people), 'https://example.com',
            '{pricing}');
        INSERT INTO erp.assets (name, description, asset_type, status, storage_url, version, topic_id,
            owner_person_id, tags)
        VALUES ('Pricing calculator', 'Sheet', 'Tool', 'Active', 'https://drive.example/calc', 'v2', 1,
            (SELECT id FROM erp.people), '{pricing}');
        INSERT INTO erp.ideas_inbox (title, description, status, impact, effort, source, captured_at, topic_id,
            submitted_by, venture_id, tags)
        VALUES ('Productised audit', 'A fixed-scope audit', 'Exploring', 'High', 'Medium', 'Client call',
            '2025-12-02 08:00:00+00', 1, (SELECT id FROM erp.people), (SELECT id FROM erp.ventures), '{offer}');
        "#,
    )
    .execute(pool)
    .await
    .unwrap();
}

async fn decode_view<T>(pool: &PgPool, view: &str, order_by: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin + serde::Serialize,
{
    let rows: Vec<T> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM erp.{view} ORDER BY {order_by}"
    )))
    .fetch_all(pool)
    .await
    .unwrap_or_else(|e| panic!("decoding erp.{view}: {e}"));
    assert!(!rows.is_empty(), "erp.{view} is empty");
    assert_eq!(
        columns(pool, view).await,
        field_names(&rows[0]),
        "erp.{view}"
    );
    rows
}

#[tokio::test]
async fn a_row_of_every_new_table_and_view_decodes_and_every_column_is_modelled() {
    let db = TestDb::new().await.expect("a test database");
    let pool = db.pool();
    insert_one_of_everything(pool).await;
    insert_one_of_everything_new(pool).await;

    decode_table!(pool, "outcome_types", OutcomeType);
    let areas = decode_table!(pool, "functional_areas", FunctionalArea);
    let topics = decode_table!(pool, "topics", Topic);
    decode_table!(pool, "icp_segments", IcpSegment);
    let deals = decode_table!(pool, "deals", Deal);
    let touchpoints = decode_table!(pool, "touchpoints", Touchpoint);
    decode_table!(pool, "icp_scoring", IcpScore);
    let invoices = decode_table!(pool, "invoices", Invoice);
    decode_table!(pool, "expenses", Expense);
    decode_table!(pool, "payments", Payment);
    decode_table!(pool, "kpis", Kpi);
    decode_table!(pool, "kpi_measurements", KpiMeasurement);
    decode_table!(pool, "daily_thread", DailyThreadEntry);
    decode_table!(pool, "decision_journal", Decision);
    decode_table!(pool, "experiments", Experiment);
    decode_table!(pool, "notebook", Note);
    decode_table!(pool, "assets", Asset);
    decode_table!(pool, "ideas_inbox", Idea);
    // The columns 0006 added to older tables are modelled too (the older drift test checks the sets).
    let offers: Vec<Offer> = sqlx::query_as("SELECT * FROM erp.offers")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(offers[0].currency, Some(Currency::EUR));

    let tables: BTreeSet<String> = sqlx::query_scalar::<_, String>(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'erp' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    assert_eq!(tables.len(), 34, "{tables:?}");

    assert_eq!(areas[0].parent_id, Some(areas[1].id));
    assert_eq!(topics[0].parent_id, Some(topics[1].id));
    assert_eq!(deals[0].stage, DealStage::Won);
    assert_eq!(touchpoints[0].channel, TouchpointChannel::VideoCall);
    assert_eq!(touchpoints[0].execution_run_id, Some(ExecutionRunId(2)));
    assert_eq!(invoices[0].total_amount, dec!(12000.00));

    // Views: every column modelled, rows decode, figures as the rows add up.
    let balances: Vec<InvoiceBalanceRow> =
        decode_view(pool, "invoice_balances", "invoice_id").await;
    assert_eq!(null_fields(&balances[0]), Vec::<String>::new());
    let b = &balances[0];
    assert_eq!(
        (b.total_amount, b.amount_paid, b.balance_due),
        (dec!(12000.00), dec!(6000.00), dec!(6000.00))
    );
    assert!(b.is_open);
    let day = |d: &str| d.parse::<NaiveDate>().unwrap();
    assert!(!b.is_overdue_on(day("2025-12-24")));
    assert!(b.is_overdue_on(day("2025-12-25")));
    let overdue: Vec<InvoiceBalanceRow> =
        sqlx::query_as("SELECT * FROM erp.invoices_overdue_on($1)")
            .bind(day("2025-12-25"))
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(overdue, vec![b.clone()]);
    let not_yet: Vec<InvoiceBalanceRow> =
        sqlx::query_as("SELECT * FROM erp.invoices_overdue_on($1)")
            .bind(day("2025-12-24"))
            .fetch_all(pool)
            .await
            .unwrap();
    assert!(not_yet.is_empty());

    let snapshot: Vec<FinanceSnapshotRow> =
        decode_view(pool, "finance_snapshot", "currency, month").await;
    assert_eq!(null_fields(&snapshot[0]), Vec::<String>::new());
    assert_eq!(
        snapshot,
        vec![FinanceSnapshotRow {
            month: day("2025-12-01"),
            currency: Currency::EUR,
            invoiced: dec!(12000.00),
            cash_in: dec!(6000.00),
            cash_out: dec!(0.00),
            expenses: dec!(450.00),
            open_receivables: dec!(6000.00),
            net: dec!(6000.00),
        }]
    );

    let performance: Vec<TemplatePerformanceRow> = decode_view(
        pool,
        "template_performance",
        "template_kind, process_template_id, resource_template_id",
    )
    .await;
    let process = performance
        .iter()
        .find(|p| p.template_kind == TemplateKind::ProcessTemplate)
        .unwrap();
    // One completed 4.6 h run against the workflow's 4 h.
    assert_eq!(
        (
            process.uses_count,
            process.avg_actual_hours,
            process.variance_pct,
            process.completed_pct
        ),
        (1, Some(dec!(4.60)), Some(dec!(15.00)), Some(dec!(100.00)))
    );
    let resource = performance
        .iter()
        .find(|p| p.template_kind == TemplateKind::ResourceTemplate)
        .unwrap();
    assert_eq!(
        (
            resource.uses_count,
            resource.last_used_at,
            resource.avg_actual_hours
        ),
        (1, Some(touchpoints[0].occurred_at), None)
    );

    let pipeline: Vec<DealPipelineRow> = decode_view(pool, "deal_pipeline", "stage_order").await;
    assert_eq!(null_fields(&pipeline[0]), Vec::<String>::new());
    assert_eq!(
        pipeline,
        vec![DealPipelineRow {
            stage: DealStage::Won,
            stage_order: 5,
            currency: Currency::EUR,
            deals_count: 1,
            total_amount: dec!(12500.00),
            weighted_amount: dec!(12500.00),
            avg_probability: Some(dec!(100.00)),
        }]
    );
}

/// The figures of a small month computed by hand: two invoices (one in USD), a refund, a rejected
/// expense, a draft invoice that counts nowhere, deals in three stages.
#[tokio::test]
async fn the_views_add_up_a_month_as_computed_by_hand() {
    let db = TestDb::new().await.expect("a test database");
    let pool = db.pool();
    sqlx::raw_sql(
        r#"
        INSERT INTO erp.invoices (invoice_number, status, issue_date, due_date, currency, subtotal, tax_amount) VALUES
            ('A', 'Sent', '2025-11-20', '2025-12-05', 'EUR', 1000, 200),            -- 1200, paid 1200 in Dec
            ('B', 'Partially Paid', '2025-12-03', '2025-12-17', 'EUR', 2000, 400),  -- 2400, paid 1000, refunded 100
            ('C', 'Sent', '2025-12-10', '2026-01-09', 'USD', 500, 0),               -- 500, unpaid
            ('D', 'Draft', '2025-12-11', NULL, 'EUR', 9999, 0);                     -- counts nowhere
        INSERT INTO erp.payments (direction, status, amount, currency, paid_on, invoice_id) VALUES
            ('Incoming', 'Completed', 1200, 'EUR', '2025-12-02', (SELECT id FROM erp.invoices WHERE invoice_number = 'A')),
            ('Incoming', 'Completed', 1000, 'EUR', '2025-12-12', (SELECT id FROM erp.invoices WHERE invoice_number = 'B')),
            ('Outgoing', 'Completed', 100, 'EUR', '2025-12-13', (SELECT id FROM erp.invoices WHERE invoice_number = 'B')),
            ('Incoming', 'Pending', 400, 'EUR', '2025-12-14', (SELECT id FROM erp.invoices WHERE invoice_number = 'B')),
            ('Outgoing', 'Completed', 300, 'EUR', '2025-12-20', NULL);
        INSERT INTO erp.expenses (description, status, expense_date, amount, currency) VALUES
            ('Venue', 'Paid', '2025-12-09', 300, 'EUR'),
            ('Lunch', 'Rejected', '2025-12-09', 80, 'EUR');
        INSERT INTO erp.deals (name, stage, amount, currency, probability) VALUES
            ('a', 'Proposal', 10000, 'EUR', 40), ('b', 'Proposal', 5000, 'EUR', NULL),
            ('c', 'Negotiation', 8000, 'EUR', 75), ('d', 'Lead', NULL, 'EUR', 10);
        "#,
    )
    .execute(pool)
    .await
    .unwrap();

    let balances: Vec<InvoiceBalanceRow> =
        sqlx::query_as("SELECT * FROM erp.invoice_balances ORDER BY invoice_number")
            .fetch_all(pool)
            .await
            .unwrap();
    let figures: Vec<_> = balances
        .iter()
        .map(|b| {
            (
                b.invoice_number.as_str(),
                b.amount_paid,
                b.balance_due,
                b.is_open,
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            ("A", dec!(1200), dec!(0), false),
            ("B", dec!(900), dec!(1500), true),
            ("C", dec!(0), dec!(500), true),
            ("D", dec!(0), dec!(9999), false),
        ]
    );
    let overdue = |day: &'static str| async move {
        sqlx::query_scalar::<_, String>(
            "SELECT invoice_number FROM erp.invoices_overdue_on($1) ORDER BY invoice_number",
        )
        .bind(day.parse::<NaiveDate>().unwrap())
        .fetch_all(pool)
        .await
        .unwrap()
    };
    assert_eq!(overdue("2025-12-17").await, Vec::<String>::new());
    assert_eq!(overdue("2025-12-18").await, vec!["B"]);
    assert_eq!(overdue("2026-01-10").await, vec!["B", "C"]);
    // The model's rule agrees with the function's.
    let on = "2026-01-10".parse::<NaiveDate>().unwrap();
    let by_model: Vec<&str> = balances
        .iter()
        .filter(|b| b.is_overdue_on(on))
        .map(|b| b.invoice_number.as_str())
        .collect();
    assert_eq!(by_model, vec!["B", "C"]);

    let snapshot: Vec<FinanceSnapshotRow> =
        sqlx::query_as("SELECT * FROM erp.finance_snapshot ORDER BY currency, month")
            .fetch_all(pool)
            .await
            .unwrap();
    let month = |m: &str| m.parse::<NaiveDate>().unwrap();
    assert_eq!(
        snapshot,
        vec![
            FinanceSnapshotRow {
                month: month("2025-11-01"),
                currency: Currency::EUR,
                invoiced: dec!(1200),
                cash_in: dec!(0),
                cash_out: dec!(0),
                expenses: dec!(0),
                open_receivables: dec!(1200),
                net: dec!(0),
            },
            // Invoiced 2400 (B); in 1200 + 1000; out 100 (refund) + 300; receivables 1200 + 2400 - 2200 + 100.
            FinanceSnapshotRow {
                month: month("2025-12-01"),
                currency: Currency::EUR,
                invoiced: dec!(2400),
                cash_in: dec!(2200),
                cash_out: dec!(400),
                expenses: dec!(300),
                open_receivables: dec!(1500),
                net: dec!(1800),
            },
            FinanceSnapshotRow {
                month: month("2025-12-01"),
                currency: Currency::USD,
                invoiced: dec!(500),
                cash_in: dec!(0),
                cash_out: dec!(0),
                expenses: dec!(0),
                open_receivables: dec!(500),
                net: dec!(0),
            },
        ]
    );

    let pipeline: Vec<DealPipelineRow> =
        sqlx::query_as("SELECT * FROM erp.deal_pipeline ORDER BY stage_order")
            .fetch_all(pool)
            .await
            .unwrap();
    let figures: Vec<_> = pipeline
        .iter()
        .map(|p| {
            (
                p.stage,
                p.deals_count,
                p.total_amount,
                p.weighted_amount,
                p.avg_probability,
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            (DealStage::Lead, 1, dec!(0), dec!(0), Some(dec!(10))),
            (
                DealStage::Proposal,
                2,
                dec!(15000),
                dec!(4000),
                Some(dec!(40))
            ),
            (
                DealStage::Negotiation,
                1,
                dec!(8000),
                dec!(6000),
                Some(dec!(75))
            ),
        ]
    );
}

#[tokio::test]
async fn a_run_without_an_estimate_takes_its_tasks_else_its_workflows() {
    let db = TestDb::new().await.expect("a test database");
    let pool = db.pool();
    let workflow: WorkflowId = sqlx::query_scalar(
        "INSERT INTO erp.workflows (name, estimated_hours) VALUES ('Onboarding', 4) RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let task = |hours: Option<rust_decimal::Decimal>| async move {
        sqlx::query_scalar::<_, TaskId>(
            "INSERT INTO erp.tasks (title, estimated_hours) VALUES ('t', $1) RETURNING id",
        )
        .bind(hours)
        .fetch_one(pool)
        .await
        .unwrap()
    };
    let (estimated, unestimated) = (task(Some(dec!(2))).await, task(None).await);
    let log = |task: Option<TaskId>, estimate: Option<rust_decimal::Decimal>| async move {
        sqlx::query_as::<_, ExecutionRun>(
            "INSERT INTO erp.execution_runs (task_id, workflow_id, estimated_hours, actual_hours)
             VALUES ($1, $2, $3, 2.5) RETURNING *",
        )
        .bind(task)
        .bind(workflow)
        .bind(estimate)
        .fetch_one(pool)
        .await
        .unwrap()
    };
    // The task's estimate first, then the workflow's; one given by hand is kept.
    let from_task = log(Some(estimated), None).await;
    assert_eq!(
        (from_task.estimated_hours, from_task.variance_pct),
        (Some(dec!(2)), Some(dec!(25)))
    );
    let from_workflow = log(Some(unestimated), None).await;
    assert_eq!(
        (from_workflow.estimated_hours, from_workflow.variance_pct),
        (Some(dec!(4)), Some(dec!(-37.5)))
    );
    let given = log(None, Some(dec!(5))).await;
    assert_eq!(
        (given.estimated_hours, given.variance_pct),
        (Some(dec!(5)), Some(dec!(-50)))
    );
    for run in [&from_task, &from_workflow, &given] {
        assert_eq!(
            run.variance_pct,
            variance_pct(run.actual_hours.unwrap(), run.estimated_hours)
        );
    }
    // Moved to another task without a new estimate: the estimate follows the links.
    let moved: ExecutionRun =
        sqlx::query_as("UPDATE erp.execution_runs SET task_id = $2 WHERE id = $1 RETURNING *")
            .bind(from_task.id)
            .bind(unestimated)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(moved.estimated_hours, Some(dec!(4)));
    // Nothing to take from: no estimate, no variance.
    let bare: ExecutionRun =
        sqlx::query_as("INSERT INTO erp.execution_runs (actual_hours) VALUES (1) RETURNING *")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!((bare.estimated_hours, bare.variance_pct), (None, None));
}

/// The constraint a refused statement names, with its SQLSTATE.
async fn refused(pool: &PgPool, sql: &'static str) -> (String, String) {
    let err = sqlx::raw_sql(sql)
        .execute(pool)
        .await
        .expect_err("the database refuses it");
    let db_err = err.as_database_error().expect("a database error");
    (
        db_err.code().unwrap_or_default().into_owned(),
        db_err.constraint().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn the_database_refuses_what_the_models_rule_out() {
    let db = TestDb::new().await.expect("a test database");
    let pool = db.pool();
    let check = |constraint: &str| ("23514".to_owned(), constraint.to_owned());
    let fk = |constraint: &str| ("23503".to_owned(), constraint.to_owned());

    // Sprints are one ISO week, Monday to Sunday.
    sqlx::query("INSERT INTO erp.sprints (name, start_date, end_date) VALUES ('2025-W50', '2025-12-08', '2025-12-14')")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        refused(pool, "INSERT INTO erp.sprints (name, start_date, end_date) VALUES ('x', '2025-12-09', '2025-12-15')").await,
        check("sprints_start_date_check")
    );
    assert_eq!(
        refused(pool, "INSERT INTO erp.sprints (name, start_date, end_date) VALUES ('x', '2025-12-15', '2025-12-20')").await,
        check("sprints_end_date_check")
    );
    assert_eq!(
        refused(pool, "INSERT INTO erp.sprints (name, start_date, end_date) VALUES ('x', '2025-12-01', '2025-12-31')").await,
        check("sprints_end_date_check")
    );
    for week in ["2020-W53", "2025-W01", "2026-W52"] {
        let form = SprintInsertForm::for_week(week.parse().unwrap());
        sqlx::query("INSERT INTO erp.sprints (name, start_date, end_date) VALUES ($1, $2, $3)")
            .bind(&form.name)
            .bind(form.start_date)
            .bind(form.end_date)
            .execute(pool)
            .await
            .unwrap_or_else(|e| panic!("{week}: {e}"));
    }

    // Currencies and money.
    assert_eq!(
        refused(
            pool,
            "INSERT INTO erp.invoices (invoice_number, currency) VALUES ('I', 'eur')"
        )
        .await,
        check("invoices_currency_check")
    );
    assert_eq!(
        refused(
            pool,
            "INSERT INTO erp.offers (name, currency) VALUES ('O', 'EURO')"
        )
        .await,
        check("offers_currency_check")
    );
    assert_eq!(
        refused(
            pool,
            "INSERT INTO erp.expenses (description, amount, currency) VALUES ('E', -1, 'EUR')"
        )
        .await,
        check("expenses_amount_check")
    );
    assert_eq!(
        refused(
            pool,
            "INSERT INTO erp.payments (direction, amount, currency) VALUES ('Incoming', 0, 'EUR')"
        )
        .await,
        check("payments_amount_check")
    );
    assert_eq!(
        refused(
            pool,
            "INSERT INTO erp.deals (name, currency, probability) VALUES ('D', 'EUR', 101)"
        )
        .await,
        check("deals_probability_check")
    );
    // A decoded currency the database holds can only be a valid one; the model refuses anything else.
    let bad: Result<Currency, _> = sqlx::query_scalar("SELECT 'eur'::text")
        .fetch_one(pool)
        .await;
    assert!(bad.is_err());
    let good: Currency = sqlx::query_scalar("SELECT 'CHF'::text")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(good, Currency::CHF);

    // A payment is in its invoice's currency.
    sqlx::query("INSERT INTO erp.invoices (id, invoice_number, currency) OVERRIDING SYSTEM VALUE VALUES (1, 'I-1', 'EUR')")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        refused(pool, "INSERT INTO erp.payments (direction, amount, currency, invoice_id) VALUES ('Incoming', 5, 'USD', 1)").await,
        fk("payments_invoice_id_fkey")
    );
    // Only a won deal has an engagement.
    sqlx::query("INSERT INTO erp.engagements (id, name) OVERRIDING SYSTEM VALUE VALUES (1, 'E')")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        refused(pool, "INSERT INTO erp.deals (name, currency, stage, engagement_id) VALUES ('D', 'EUR', 'Proposal', 1)").await,
        check("deals_engagement_id_check")
    );
    // A touchpoint's run is a Touchpoint run.
    sqlx::query("INSERT INTO erp.execution_runs (id, run_type) OVERRIDING SYSTEM VALUE VALUES (1, 'Process'), (2, 'Touchpoint')")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        refused(
            pool,
            "INSERT INTO erp.touchpoints (subject, execution_run_id) VALUES ('call', 1)"
        )
        .await,
        check("touchpoints_execution_run_id_check")
    );
    sqlx::query("INSERT INTO erp.touchpoints (subject, execution_run_id) VALUES ('call', 2)")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        refused(pool, "UPDATE erp.touchpoints SET execution_run_id = 1").await,
        check("touchpoints_execution_run_id_check")
    );
    // A topic is not its own parent; sibling names are unique, top-level ones too.
    sqlx::query("INSERT INTO erp.topics (name) VALUES ('Sales')")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        refused(pool, "UPDATE erp.topics SET parent_id = id").await,
        check("topics_parent_id_check")
    );
    assert_eq!(
        refused(pool, "INSERT INTO erp.topics (name) VALUES ('Sales')").await,
        ("23505".to_owned(), "topics_parent_id_name_key".to_owned())
    );
    // One KPI value per period.
    sqlx::query("INSERT INTO erp.kpis (id, name) OVERRIDING SYSTEM VALUE VALUES (1, 'k')")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO erp.kpi_measurements (kpi_id, period_start, value) VALUES (1, '2025-12-01', 1)")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        refused(pool, "INSERT INTO erp.kpi_measurements (kpi_id, period_start, value) VALUES (1, '2025-12-01', 2)").await,
        ("23505".to_owned(), "kpi_measurements_kpi_id_period_start_key".to_owned())
    );
}
