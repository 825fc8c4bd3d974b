//! The business tables of migration 0006 at benchmark size, and the SQL of their views as the SDK sends
//! it (`tests/plan_shape.rs` checks the text against what the SDK really sends).
//!
//! [`business`] makes, with one `INSERT ... SELECT ... FROM generate_series` per table, `n` invoices
//! over five years (issue dates in heap order, as invoices are created; 80 % EUR, 20 % USD; the last 60
//! days still Sent, Partially Paid or Draft, older ones Paid but for 1 % left Sent and 5 % Cancelled),
//! a payment for each Paid (in full) and Partially Paid (half) invoice, `n / 5` expenses of which a
//! quarter paid, `n` execution runs over 200 process templates (20 workflows), `n / 5` touchpoints over
//! 50 resource templates, and `n` deals across the six stages.

use crate::BenchDb;
use crate::data::people_and_projects;

/// The last day of the data; the overdue list and the finance month are read near it.
pub const LAST_DAY: &str = "2025-12-31";
/// The month the finance-snapshot benchmarks read.
pub const MONTH_FROM: &str = "2025-11-01";
/// Its last day.
pub const MONTH_TO: &str = "2025-11-30";

/// `InvoiceBalances::of`.
pub const BALANCE_ONE: &str = r#"SELECT * FROM "erp"."invoice_balances" WHERE "invoice_id" = $1"#;
/// `InvoiceBalances::overdue_on`.
pub const OVERDUE_ON: &str = r#"SELECT * FROM erp.invoices_overdue_on($1) AS "overdue" ORDER BY "due_date" ASC, "invoice_id" ASC"#;
/// `FinanceSnapshot::months`.
pub const FINANCE_MONTHS: &str = r#"SELECT * FROM "erp"."finance_snapshot" WHERE "month" >= $1 AND "month" <= $2 ORDER BY "month" ASC, "currency" ASC"#;
/// `FinanceSnapshot::months_in`.
pub const FINANCE_MONTHS_IN: &str = r#"SELECT * FROM "erp"."finance_snapshot" WHERE "month" >= $1 AND "month" <= $2 AND "currency" = $3 ORDER BY "month" ASC, "currency" ASC"#;
/// `TemplatePerformance::of`.
pub const TEMPLATE_ONE: &str =
    r#"SELECT * FROM "erp"."template_performance" WHERE "process_template_id" = $1"#;
/// `TemplatePerformance::of_resource`.
pub const RESOURCE_ONE: &str =
    r#"SELECT * FROM "erp"."template_performance" WHERE "resource_template_id" = $1"#;
/// `TemplatePerformance::all`.
pub const TEMPLATE_ALL: &str = r#"SELECT * FROM "erp"."template_performance" ORDER BY "template_kind" ASC, "name" ASC, "process_template_id" ASC, "resource_template_id" ASC"#;
/// `DealPipeline::stages`.
pub const PIPELINE: &str =
    r#"SELECT * FROM "erp"."deal_pipeline" ORDER BY "stage_order" ASC, "currency" ASC"#;

/// Floor of the overdue list, not the SDK's: the same open invoices due before `$1` from the plain table
/// (the partial due-date index), without their payments.
pub const OVERDUE_FLOOR: &str = "SELECT * FROM erp.invoices WHERE status IN ('Sent', 'Partially Paid') \
     AND due_date < $1 ORDER BY due_date, id";
/// Floor of a finance month, not the SDK's: one month's invoiced total from the plain table by its
/// issue-date index.
pub const MONTH_FLOOR: &str = "SELECT currency, sum(total_amount) AS invoiced FROM erp.invoices \
     WHERE issue_date BETWEEN $1 AND $2 AND status NOT IN ('Draft', 'Cancelled') GROUP BY currency";
/// Floor of one template's runs, not the SDK's: the same count and mean straight from the runs' index.
pub const TEMPLATE_FLOOR: &str = "SELECT count(*), avg(actual_hours), max(started_at) \
     FROM erp.execution_runs WHERE process_template_id = $1";
/// Floor of the pipeline, not the SDK's: counting the deals.
pub const PIPELINE_FLOOR: &str = "SELECT count(*) FROM erp.deals";

/// The data set described in the module documentation, `VACUUM ANALYZE`d.
pub async fn business(db: &BenchDb, n: i64) {
    people_and_projects(db, 50, 200, 4).await;
    db.run(&format!(
        "SELECT setseed(0.42);
         INSERT INTO erp.organizations (name, org_type)
         SELECT 'Client ' || i, 'Client' FROM generate_series(1, 500) i;
         INSERT INTO erp.workflows (name, estimated_hours, status)
         SELECT 'Workflow ' || i, 1 + i % 8, 'Active' FROM generate_series(1, 20) i;
         INSERT INTO erp.process_templates (workflow_id, name, status)
         SELECT w0 + i % 20, 'Process template ' || i, 'Active'
         FROM generate_series(0, 199) i, (SELECT min(id) AS w0 FROM erp.workflows) w;
         INSERT INTO erp.resource_templates (name, status)
         SELECT 'Resource template ' || i, 'Active' FROM generate_series(1, 50) i;

         INSERT INTO erp.invoices (invoice_number, organization_id, status, issue_date, due_date, currency,
                                   subtotal, tax_amount)
         SELECT 'INV-' || lpad(i::text, 7, '0'), o0 + i % 500,
                CASE WHEN d > date '{LAST_DAY}' - 60 THEN (ARRAY['Sent', 'Partially Paid', 'Draft'])[1 + i % 3]
                     WHEN i % 100 = 0 THEN 'Sent'
                     WHEN i % 20 = 1 THEN 'Cancelled'
                     ELSE 'Paid' END,
                d, d + 30, CASE WHEN i % 5 = 0 THEN 'USD' ELSE 'EUR' END,
                100 + i % 5000, round((100 + i % 5000) * 0.2, 2)
         FROM (SELECT i, date '2021-01-01' + (i * 1825 / {n})::int AS d FROM generate_series(1, {n}) i) s,
              (SELECT min(id) AS o0 FROM erp.organizations) o;

         INSERT INTO erp.payments (direction, status, method, amount, currency, paid_on, invoice_id,
                                   organization_id)
         SELECT 'Incoming', 'Completed', 'Bank Transfer',
                CASE WHEN status = 'Paid' THEN total_amount ELSE round(total_amount / 2, 2) END,
                currency, least(issue_date + 20, date '{LAST_DAY}'), id, organization_id
         FROM erp.invoices WHERE status IN ('Paid', 'Partially Paid') ORDER BY id;

         INSERT INTO erp.expenses (description, category, status, expense_date, amount, currency)
         SELECT 'Expense ' || i,
                (ARRAY['Software', 'Travel', 'Meals', 'Contractors', 'Office'])[1 + i % 5],
                CASE WHEN i % 20 = 0 THEN 'Rejected' WHEN i % 4 = 0 THEN 'Paid' ELSE 'Approved' END,
                date '2021-01-01' + (i * 1825 / ({n} / 5))::int, 10 + i % 900,
                CASE WHEN i % 5 = 0 THEN 'USD' ELSE 'EUR' END
         FROM generate_series(1, {n} / 5) i;
         INSERT INTO erp.payments (direction, status, amount, currency, paid_on, expense_id)
         SELECT 'Outgoing', 'Completed', amount, currency, expense_date, id
         FROM erp.expenses WHERE status = 'Paid' ORDER BY id;

         INSERT INTO erp.execution_runs (run_type, workflow_id, process_template_id, started_at, ended_at,
                                         status)
         SELECT 'Process', w0 + (i % 200) % 20, p0 + i % 200, ts, ts + make_interval(mins => 30 + i % 240),
                CASE WHEN i % 10 = 0 THEN 'Failed' ELSE 'Completed' END
         FROM (SELECT i, timestamptz '2021-01-01 08:00+00' + make_interval(mins => i * 26) AS ts
               FROM generate_series(1, {n}) i) s,
              (SELECT min(id) AS w0 FROM erp.workflows) w,
              (SELECT min(id) AS p0 FROM erp.process_templates) p;

         INSERT INTO erp.touchpoints (subject, channel, occurred_at, resource_template_id, organization_id)
         SELECT 'Touchpoint ' || i, (ARRAY['Email', 'Call', 'Meeting'])[1 + i % 3],
                timestamptz '2021-01-01 09:00+00' + make_interval(mins => i * 130), r0 + i % 50, o0 + i % 500
         FROM generate_series(1, {n} / 5) i,
              (SELECT min(id) AS r0 FROM erp.resource_templates) r,
              (SELECT min(id) AS o0 FROM erp.organizations) o;

         INSERT INTO erp.deals (name, organization_id, stage, amount, currency, probability)
         SELECT 'Deal ' || i, o0 + i % 500,
                (ARRAY['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'])[1 + i % 6],
                500 + i % 20000, CASE WHEN i % 5 = 0 THEN 'USD' ELSE 'EUR' END, (i * 7) % 101
         FROM generate_series(1, {n}) i, (SELECT min(id) AS o0 FROM erp.organizations) o;"
    ))
    .await;
    db.vacuum_analyze(&[
        "erp.organizations",
        "erp.workflows",
        "erp.process_templates",
        "erp.resource_templates",
        "erp.invoices",
        "erp.payments",
        "erp.expenses",
        "erp.execution_runs",
        "erp.touchpoints",
        "erp.deals",
    ])
    .await;
}

/// A row count, for the set-up's report.
pub async fn count(db: &BenchDb, table: &str) -> i64 {
    db.pg
        .query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .await
        .expect("a count")
        .get(0)
}
