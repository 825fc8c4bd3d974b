//! The plan shape of the sprint board (3) and of workflow performance (4) on a modest data set, as the
//! SDK sends them: index use, and no sequential scan of `erp.tasks` or `erp.execution_runs`. Their time
//! is the benchmarks' business, not this test's. Also checks that the hand-written SQL of the
//! benchmarks is, character for character, what the SDK sends.

use erp_benches::{BenchDb, capture, data, sql};
use erp_model::{
    ExecutionRunInsertForm, RunStatus, RunType, SprintId, SprintTask, TaskId, TaskInsertForm,
    TaskPriority, TaskStatus, TaskUpdateForm, WorkflowId,
};
use erp_repo::erp::{ExecutionRuns, Sprints, TaskFilter, Tasks, Workflows};
use erp_repo::{PageRequest, SortOrder};
use serde_json::Value;
use tokio_postgres::types::ToSql;

/// One node of a plan: its type, relation, index and index condition.
#[derive(Debug)]
struct Node {
    kind: String,
    relation: Option<String>,
    index: Option<String>,
    index_cond: Option<String>,
}

fn nodes(plan: &Value, out: &mut Vec<Node>) {
    out.push(Node {
        kind: plan["Node Type"].as_str().unwrap_or_default().to_owned(),
        relation: plan["Relation Name"].as_str().map(str::to_owned),
        index: plan["Index Name"].as_str().map(str::to_owned),
        index_cond: plan["Index Cond"].as_str().map(str::to_owned),
    });
    for child in plan["Plans"].as_array().into_iter().flatten() {
        nodes(child, out);
    }
}

/// The nodes of `EXPLAIN (ANALYZE, FORMAT JSON)` of `sql` with `params`.
async fn plan_of(db: &BenchDb, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Vec<Node> {
    let row = db
        .pg
        .query_one(&format!("EXPLAIN (ANALYZE, FORMAT JSON) {sql}"), params)
        .await
        .unwrap_or_else(|e| panic!("EXPLAIN failed: {e}\n{sql}"));
    let json: Value = row.get(0);
    let mut out = Vec::new();
    nodes(&json[0]["Plan"], &mut out);
    out
}

/// The statement the SDK sent that contains `needle` (the most recent one).
fn sent(needle: &str) -> String {
    capture::statements()
        .into_iter()
        .rev()
        .find(|s| s.contains(needle))
        .unwrap_or_else(|| panic!("the SDK sent no statement containing {needle:?}"))
}

fn seq_scans_of<'a>(plan: &'a [Node], table: &str) -> Vec<&'a Node> {
    plan.iter()
        .filter(|n| n.kind == "Seq Scan" && n.relation.as_deref() == Some(table))
        .collect()
}

fn uses_index(plan: &[Node], index: &str) -> bool {
    plan.iter().any(|n| n.index.as_deref() == Some(index))
}

/// Whether the plan reads `index` for a bounded range of `column`, rather than walking the whole index.
fn ranges_over(plan: &[Node], index: &str, column: &str) -> bool {
    plan.iter().any(|n| {
        n.index.as_deref() == Some(index)
            && n.index_cond.as_deref().is_some_and(|c| {
                c.contains(&format!("{column} >=")) && c.contains(&format!("{column} <="))
            })
    })
}

/// A week of 20,000 tasks spread over 260 weeks, and the id of the week's sprint.
async fn board(db: &BenchDb) -> i64 {
    data::sprint_board(db, 20_000).await;
    data::board_sprint(db).await.0
}

/// The plan of one sprint-board read must range over the start-date index, never scan erp.tasks.
fn assert_one_week(what: &str, plan: &[Node]) {
    assert!(
        seq_scans_of(plan, "tasks").is_empty(),
        "{what}: sequential scan of erp.tasks in {plan:#?}"
    );
    assert!(
        ranges_over(
            plan,
            "tasks_scheduled_start_date_idx",
            "scheduled_start_date"
        ),
        "{what}: erp.tasks not read for one week's range of tasks_scheduled_start_date_idx \
         (a walk of the whole index reads every task before the week) in {plan:#?}"
    );
}

#[tokio::test]
async fn sprint_whole_week_reads_one_week_of_the_start_date_index() {
    capture::install();
    let db = BenchDb::new().await;
    let sprint = board(&db).await;
    let week = Sprints::tasks(db.pool(), SprintId(sprint)).await.unwrap();
    assert!(week.len() > 50, "a week of 20,000 tasks over 260 weeks");
    let week_sql = sent(r#""estimated_hours" FROM "erp"."tasks""#);
    assert_eq!(week_sql, sql::SPRINT_WEEK);
    assert_one_week("whole week", &plan_of(&db, &week_sql, &[&sprint]).await);
}

#[tokio::test]
async fn sprint_first_page_reads_one_week_of_the_start_date_index() {
    capture::install();
    let db = BenchDb::new().await;
    let sprint = board(&db).await;
    let page = Sprints::tasks_page(db.pool(), SprintId(sprint), &PageRequest::first(50))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 50);
    let page_sql = sent(r#""estimated_hours", "id" FROM "erp"."tasks""#);
    assert_eq!(page_sql, sql::SPRINT_PAGE);
    assert_one_week(
        "first page",
        &plan_of(&db, &page_sql, &[&sprint, &51_i64]).await,
    );
}

/// `erp.sprint_tasks` read straight from SQL, as n8n, a BI tool or PostgREST would (issue 14 item 4):
/// one week of the start-date index, not a walk of it from its first day (2.5 s at 1 M tasks before
/// migration 0015), and the SDK's rows.
#[tokio::test]
async fn sprint_view_straight_from_sql_reads_one_week_of_the_start_date_index() {
    let db = BenchDb::new().await;
    let sprint = board(&db).await;
    for (what, sql) in [
        ("view, first 50", sql::SPRINT_VIEW_PAGE),
        ("view, whole week", sql::SPRINT_VIEW_WEEK),
    ] {
        assert_one_week(what, &plan_of(&db, sql, &[&sprint]).await);
    }
    let view: Vec<SprintTask> = sqlx::query_as(sql::SPRINT_VIEW_WEEK)
        .bind(sprint)
        .fetch_all(db.pool())
        .await
        .unwrap();
    let sdk = Sprints::tasks(db.pool(), SprintId(sprint)).await.unwrap();
    assert!(sdk.len() > 50, "a week of 20,000 tasks over 260 weeks");
    assert_eq!(view, sdk);
    let first: Vec<SprintTask> = sqlx::query_as(sql::SPRINT_VIEW_PAGE)
        .bind(sprint)
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(first, sdk[..50]);
}

#[tokio::test]
async fn workflow_performance_reads_the_counters_not_the_runs() {
    capture::install();
    let db = BenchDb::new().await;
    // 5,000 workflows: enough rows that a key lookup is the planner's choice (50 fit in one page).
    data::workflow_runs(&db, 5_000, 50_000).await;
    let w0 = data::first_id(&db, "erp.workflows").await;

    let all = Workflows::performance_all(db.pool()).await.unwrap();
    assert_eq!(all.len(), 5_000);
    assert_eq!(
        all.iter().map(|p| p.execution_runs_count).sum::<i64>(),
        50_000
    );
    let one = Workflows::performance(db.pool(), WorkflowId(w0))
        .await
        .unwrap();
    assert_eq!(one.execution_runs_count, 10);

    let all_sql = sent(r#"FROM "erp"."workflow_performance" ORDER BY"#);
    let one_sql = sent(r#"FROM "erp"."workflow_performance" WHERE"#);
    assert_eq!(all_sql, sql::PERFORMANCE_ALL);
    assert_eq!(one_sql, sql::PERFORMANCE_ONE);

    let all_plan = plan_of(&db, &all_sql, &[]).await;
    let one_plan = plan_of(&db, &one_sql, &[&w0]).await;
    for (what, plan) in [("all workflows", &all_plan), ("one workflow", &one_plan)] {
        assert!(
            plan.iter()
                .all(|n| n.relation.as_deref() != Some("execution_runs")),
            "{what}: the view read erp.execution_runs in {plan:#?}"
        );
        assert!(
            plan.iter()
                .any(|n| n.relation.as_deref() == Some("workflow_run_stats")),
            "{what}: the view did not read the counters in {plan:#?}"
        );
    }
    assert!(
        uses_index(&one_plan, "workflows_pkey") && uses_index(&one_plan, "workflow_run_stats_pkey"),
        "one workflow: not two key lookups in {one_plan:#?}"
    );
}

#[tokio::test]
async fn hand_written_statements_are_the_sdks() {
    capture::install();
    let db = BenchDb::new().await;
    data::workflow_runs(&db, 1, 0).await;
    let pool = db.pool();
    let t0 = data::first_id(&db, "erp.tasks").await;
    let p0 = data::first_id(&db, "erp.projects").await;
    let w0 = data::first_id(&db, "erp.workflows").await;

    Tasks::get(pool, TaskId(t0)).await.unwrap();
    Tasks::list(
        pool,
        &TaskFilter {
            status: Some(vec![
                TaskStatus::NotStarted,
                TaskStatus::InProgress,
                TaskStatus::Blocked,
            ]),
            assignee_id: Some(erp_model::PersonId(1)),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::first(100),
    )
    .await
    .unwrap();
    Tasks::insert(
        pool,
        &TaskInsertForm {
            project_id: Some(erp_model::ProjectId(p0)),
            status: Some(TaskStatus::NotStarted),
            priority: Some(TaskPriority::Medium),
            estimated_hours: Some(rust_decimal::Decimal::ONE),
            scheduled_start_date: chrono::NaiveDate::from_ymd_opt(2025, 6, 2),
            ..TaskInsertForm::new("A task")
        },
    )
    .await
    .unwrap();
    Tasks::update(
        pool,
        TaskId(t0),
        &TaskUpdateForm {
            priority: Some(TaskPriority::High),
            actual_hours: Some(Some(rust_decimal::Decimal::ONE)),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let forms: Vec<TaskInsertForm> = (0..3)
        .map(|i| TaskInsertForm {
            project_id: Some(erp_model::ProjectId(p0)),
            status: Some(TaskStatus::NotStarted),
            priority: Some(TaskPriority::Low),
            estimated_hours: Some(rust_decimal::Decimal::ONE),
            scheduled_start_date: chrono::NaiveDate::from_ymd_opt(2025, 6, 2),
            ..TaskInsertForm::new(format!("Imported {i}"))
        })
        .collect();
    Tasks::insert_many(&mut pool.acquire().await.unwrap(), &forms)
        .await
        .unwrap();
    let started = chrono::Utc::now();
    let report = ExecutionRuns::ingest_runs(
        &mut pool.acquire().await.unwrap(),
        &[ExecutionRunInsertForm {
            run_type: Some(RunType::Process),
            workflow_id: Some(WorkflowId(w0)),
            task_id: Some(TaskId(t0)),
            started_at: Some(started),
            ended_at: Some(started + chrono::TimeDelta::hours(1)),
            status: Some(RunStatus::Completed),
            ..Default::default()
        }],
    )
    .await
    .unwrap();
    assert_eq!(report.inserted, 1);

    let statements = capture::statements();
    let expected = [
        sql::TASK_BY_ID.to_owned(),
        sql::TASK_LIST.to_owned(),
        sql::TASK_INSERT.to_owned(),
        sql::TASK_UPDATE.to_owned(),
        sql::task_insert_many(3),
        sql::runs_unnest(),
    ];
    for want in expected {
        assert!(
            statements.contains(&want),
            "the SDK never sent\n  {want}\nit sent:\n  {}",
            statements.join("\n  ")
        );
    }
}

/// Whether any node reads `table` by sequential scan.
fn seq_scans(plan: &[Node], table: &str) -> bool {
    !seq_scans_of(plan, table).is_empty()
}

/// How many scan nodes read `table`.
fn scans_of(plan: &[Node], table: &str) -> usize {
    plan.iter()
        .filter(|n| n.relation.as_deref() == Some(table))
        .count()
}

#[tokio::test]
async fn coda_views_read_their_indexes_at_100k_rows() {
    use erp_benches::coda;
    use erp_model::{Currency, InvoiceId, ProcessTemplateId, ResourceTemplateId};
    use erp_repo::erp::{DealPipeline, FinanceSnapshot, InvoiceBalances, TemplatePerformance};

    capture::install();
    let db = BenchDb::new().await;
    coda::business(&db, 100_000).await;
    let pool = db.pool();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let (last, from, to) = (
        day(coda::LAST_DAY),
        day(coda::MONTH_FROM),
        day(coda::MONTH_TO),
    );
    let invoice = data::first_id(&db, "erp.invoices").await + 50_002;
    let template = data::first_id(&db, "erp.process_templates").await;
    let resource = data::first_id(&db, "erp.resource_templates").await;

    // The SDK's calls on the data, with the figures the generator implies.
    let balance = InvoiceBalances::of(pool, InvoiceId(invoice)).await.unwrap();
    assert_eq!(
        balance.balance_due,
        rust_decimal::Decimal::ZERO,
        "{balance:?}"
    );
    let overdue = InvoiceBalances::overdue_on(pool, last).await.unwrap();
    assert!(
        overdue.len() > 500 && overdue.len() < 5_000,
        "{} overdue",
        overdue.len()
    );
    assert_eq!(
        FinanceSnapshot::months(pool, from, to).await.unwrap().len(),
        2
    );
    assert_eq!(
        FinanceSnapshot::months_in(pool, Currency::EUR, from, to)
            .await
            .unwrap()
            .len(),
        1
    );
    let one = TemplatePerformance::of(pool, ProcessTemplateId(template))
        .await
        .unwrap();
    assert_eq!(one.uses_count, 500);
    let used = TemplatePerformance::of_resource(pool, ResourceTemplateId(resource))
        .await
        .unwrap();
    assert_eq!(used.uses_count, 400);
    assert_eq!(TemplatePerformance::all(pool).await.unwrap().len(), 250);
    assert_eq!(DealPipeline::stages(pool).await.unwrap().len(), 12);

    // The benchmarks' SQL is the SDK's.
    for (needle, want) in [
        (r#""invoice_balances" WHERE"#, coda::BALANCE_ONE),
        ("invoices_overdue_on", coda::OVERDUE_ON),
        (r#""currency" = $3"#, coda::FINANCE_MONTHS_IN),
        (r#""month" <= $2 ORDER BY"#, coda::FINANCE_MONTHS),
        (
            r#""template_performance" WHERE "process_template_id""#,
            coda::TEMPLATE_ONE,
        ),
        (
            r#""template_performance" WHERE "resource_template_id""#,
            coda::RESOURCE_ONE,
        ),
        (r#""template_performance" ORDER BY"#, coda::TEMPLATE_ALL),
        (r#""deal_pipeline""#, coda::PIPELINE),
    ] {
        assert_eq!(sent(needle), want);
    }

    // One invoice: a key lookup (either unique index on its id), its payments summed from the
    // payments' index.
    let plan = plan_of(&db, coda::BALANCE_ONE, &[&invoice]).await;
    assert!(
        (uses_index(&plan, "invoices_pkey") || uses_index(&plan, "invoices_id_currency_key"))
            && uses_index(&plan, "payments_invoice_id_idx"),
        "balance of one invoice: {plan:#?}"
    );
    assert!(
        !seq_scans(&plan, "invoices") && !seq_scans(&plan, "payments"),
        "{plan:#?}"
    );

    // The overdue list: the partial index of unpaid invoices, each one's payments by index.
    let plan = plan_of(&db, coda::OVERDUE_ON, &[&last]).await;
    assert!(
        uses_index(&plan, "invoices_due_date_idx") && uses_index(&plan, "payments_invoice_id_idx"),
        "overdue list: {plan:#?}"
    );
    assert!(
        !seq_scans(&plan, "invoices") && !seq_scans(&plan, "payments"),
        "{plan:#?}"
    );

    // One template's runs and one resource template's touchpoints, from their indexes.
    let plan = plan_of(&db, coda::TEMPLATE_ONE, &[&template]).await;
    assert!(
        uses_index(&plan, "execution_runs_process_template_id_idx")
            && !seq_scans(&plan, "execution_runs")
            && scans_of(&plan, "touchpoints") == 0,
        "one process template: {plan:#?}"
    );
    let plan = plan_of(&db, coda::RESOURCE_ONE, &[&resource]).await;
    assert!(
        uses_index(&plan, "touchpoints_resource_template_id_idx")
            && !seq_scans(&plan, "touchpoints")
            && scans_of(&plan, "execution_runs") == 0,
        "one resource template: {plan:#?}"
    );

    // The pipeline and the finance snapshot read their counters (migration 0013), never the deals,
    // invoices, payments or expenses themselves.
    for (what, sql, params, counters) in [
        (
            "pipeline",
            coda::PIPELINE,
            &[] as &[&(dyn ToSql + Sync)],
            "deal_stage_stats",
        ),
        (
            "finance snapshot",
            coda::FINANCE_MONTHS,
            &[&from as &(dyn ToSql + Sync), &to],
            "finance_month_stats",
        ),
        (
            "finance snapshot in one currency",
            coda::FINANCE_MONTHS_IN,
            &[&from as &(dyn ToSql + Sync), &to, &"EUR"],
            "finance_month_stats",
        ),
    ] {
        let plan = plan_of(&db, sql, params).await;
        assert!(
            scans_of(&plan, counters) == 1
                && ["deals", "invoices", "payments", "expenses"]
                    .iter()
                    .all(|t| scans_of(&plan, t) == 0),
            "{what}: {plan:#?}"
        );
    }
}

/// How many rows of `a` are not in `b` and of `b` not in `a`, compared as text (so a numeric's scale
/// counts), duplicates included.
async fn rows_differing(db: &BenchDb, a: &str, b: &str) -> i64 {
    db.pg
        .query_one(
            &format!(
                "SELECT count(*) FROM ((SELECT x::text FROM ({a}) x EXCEPT ALL SELECT y::text FROM ({b}) y) \
                 UNION ALL (SELECT y::text FROM ({b}) y EXCEPT ALL SELECT x::text FROM ({a}) x)) d"
            ),
            &[],
        )
        .await
        .unwrap_or_else(|e| panic!("comparing failed: {e}"))
        .get(0)
}

/// `erp.finance_snapshot` as migration 0006 computed it, from the tables.
const FINANCE_SNAPSHOT_0006: &str = "WITH movements AS (
    SELECT date_trunc('month', i.issue_date::timestamp)::date AS month, i.currency,
           sum(i.total_amount) AS invoiced, 0 AS cash_in, 0 AS cash_out, 0 AS expenses,
           sum(i.total_amount) AS receivable_change
    FROM erp.invoices i WHERE i.status NOT IN ('Draft', 'Cancelled') GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', p.paid_on::timestamp)::date, p.currency, 0,
           sum(p.amount) FILTER (WHERE p.direction = 'Incoming'),
           sum(p.amount) FILTER (WHERE p.direction = 'Outgoing'), 0,
           sum(CASE WHEN p.direction = 'Incoming' THEN -p.amount ELSE p.amount END)
               FILTER (WHERE i.status NOT IN ('Draft', 'Cancelled'))
    FROM erp.payments p LEFT JOIN erp.invoices i ON i.id = p.invoice_id
    WHERE p.status = 'Completed' GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', e.expense_date::timestamp)::date, e.currency, 0, 0, 0, sum(e.amount), 0
    FROM erp.expenses e WHERE e.status <> 'Rejected' GROUP BY 1, 2
), monthly AS (
    SELECT month, currency, coalesce(sum(invoiced), 0) AS invoiced, coalesce(sum(cash_in), 0) AS cash_in,
           coalesce(sum(cash_out), 0) AS cash_out, coalesce(sum(expenses), 0) AS expenses,
           coalesce(sum(receivable_change), 0) AS receivable_change
    FROM movements GROUP BY month, currency
)
SELECT month, currency, round(invoiced, 2) AS invoiced, round(cash_in, 2) AS cash_in,
       round(cash_out, 2) AS cash_out, round(expenses, 2) AS expenses,
       round(sum(receivable_change) OVER (PARTITION BY currency ORDER BY month), 2) AS open_receivables,
       round(cash_in - cash_out, 2) AS net
FROM monthly";

/// `erp.deal_pipeline` as migration 0006 computed it, from the deals.
const DEAL_PIPELINE_0006: &str = "SELECT d.stage,
       array_position(ARRAY['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'], d.stage) AS stage_order,
       d.currency, count(*) AS deals_count, round(coalesce(sum(d.amount), 0), 2) AS total_amount,
       round(coalesce(sum(d.amount * d.probability / 100), 0), 2) AS weighted_amount,
       round(avg(d.probability), 2) AS avg_probability
FROM erp.deals d GROUP BY d.stage, d.currency";

#[tokio::test]
async fn finance_counters_agree_with_the_aggregates_after_every_kind_of_write() {
    use erp_benches::coda;

    let db = BenchDb::new().await;
    coda::business(&db, 10_000).await;
    let agree = |when: &'static str| {
        let db = &db;
        async move {
            assert_eq!(
                rows_differing(
                    db,
                    "SELECT * FROM erp.finance_snapshot",
                    FINANCE_SNAPSHOT_0006
                )
                .await,
                0,
                "finance snapshot {when}"
            );
            assert_eq!(
                rows_differing(db, "SELECT * FROM erp.deal_pipeline", DEAL_PIPELINE_0006).await,
                0,
                "deal pipeline {when}"
            );
        }
    };
    agree("after loading").await;
    // Status changes in and out of the counted ones (which move an invoice's payments in and out of
    // receivables), amounts and dates, refunds, deletes, a new currency, and deals of every kind.
    for (what, write) in [
        (
            "invoices cancelled",
            "UPDATE erp.invoices SET status = 'Cancelled' WHERE id % 97 = 3",
        ),
        (
            "invoices back to draft",
            "UPDATE erp.invoices SET status = 'Draft' WHERE id % 89 = 5 AND status = 'Sent'",
        ),
        (
            "invoices sent again",
            "UPDATE erp.invoices SET status = 'Sent' WHERE id % 83 = 1 AND status = 'Cancelled'",
        ),
        (
            "invoices moved and changed",
            "UPDATE erp.invoices SET subtotal = subtotal + 13.37, issue_date = issue_date + 9, due_date = due_date + 9 WHERE id % 71 = 2",
        ),
        (
            "payments refunded",
            "UPDATE erp.payments SET status = 'Refunded' WHERE id % 61 = 4",
        ),
        (
            "payments moved",
            "UPDATE erp.payments SET paid_on = paid_on + 17, amount = amount + 0.01 WHERE id % 53 = 6",
        ),
        (
            "payments turned around",
            "UPDATE erp.payments SET direction = 'Outgoing' WHERE id % 47 = 7 AND invoice_id IS NOT NULL",
        ),
        (
            "payments deleted",
            "DELETE FROM erp.payments WHERE id % 43 = 8",
        ),
        (
            "expenses rejected",
            "UPDATE erp.expenses SET status = 'Rejected' WHERE id % 41 = 1",
        ),
        (
            "expenses changed",
            "UPDATE erp.expenses SET amount = amount * 2, expense_date = expense_date - 40 WHERE id % 37 = 2",
        ),
        (
            "expenses deleted",
            "DELETE FROM erp.expenses e WHERE id % 31 = 3 AND NOT EXISTS (SELECT 1 FROM erp.payments p WHERE p.expense_id = e.id)",
        ),
        (
            "an expense in a new currency",
            "INSERT INTO erp.expenses (description, category, status, expense_date, amount, currency) VALUES ('Train', 'Travel', 'Approved', '2030-02-03', 12.34, 'CHF')",
        ),
        (
            "the new currency's month emptied",
            "DELETE FROM erp.expenses WHERE currency = 'CHF'",
        ),
        (
            "deals won",
            "UPDATE erp.deals SET stage = 'Won' WHERE id % 29 = 1",
        ),
        (
            "deals without probability",
            "UPDATE erp.deals SET probability = NULL WHERE id % 23 = 2",
        ),
        (
            "deals without amount",
            "UPDATE erp.deals SET amount = NULL WHERE id % 19 = 3",
        ),
        (
            "deals in another currency",
            "UPDATE erp.deals SET currency = 'GBP' WHERE id % 100 = 4",
        ),
        ("deals deleted", "DELETE FROM erp.deals WHERE id % 17 = 5"),
        (
            "a deal alone in its group",
            "INSERT INTO erp.deals (name, stage, amount, currency, probability) VALUES ('Solo', 'Lead', 10, 'JPY', 33.33)",
        ),
        (
            "deals truncated and made again",
            "CREATE TEMPORARY TABLE kept AS SELECT name, stage, amount, currency, probability FROM erp.deals; TRUNCATE erp.deals CASCADE; INSERT INTO erp.deals (name, stage, amount, currency, probability) SELECT * FROM kept",
        ),
    ] {
        db.run(write).await;
        agree(what).await;
    }
}
