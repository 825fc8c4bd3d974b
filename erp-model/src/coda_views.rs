//! Rows of the views over the tables of the rest of the Coda doc: `erp.invoice_balances`,
//! `erp.finance_snapshot`, `erp.template_performance` and `erp.deal_pipeline`.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    Currency, DealStage, EngagementId, InvoiceId, InvoiceStatus, OrganizationId, PatternStatus,
    ProcessTemplateId, ProjectId, ResourceTemplateId, TemplateKind, WorkflowId,
};

/// A row of `erp.invoice_balances`: one invoice's total, what was paid against it and what is still due.
///
/// The amount paid is the sum of its `Completed` incoming payments less its `Completed` outgoing ones
/// (refunds). An invoice is open while it is `Sent` or `Partially Paid` with a balance, and overdue on a
/// day when it is open and its due date is before that day (the SQL function
/// `erp.invoices_overdue_on(day)` lists them; [`is_overdue_on`](Self::is_overdue_on) is the same rule).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct InvoiceBalanceRow {
    /// The invoice.
    pub invoice_id: InvoiceId,
    /// Invoice number as printed.
    pub invoice_number: String,
    /// Billed organization.
    pub organization_id: Option<OrganizationId>,
    /// Engagement billed.
    pub engagement_id: Option<EngagementId>,
    /// Project billed.
    pub project_id: Option<ProjectId>,
    /// Lifecycle of the invoice.
    pub status: InvoiceStatus,
    /// Currency of every amount of the row.
    pub currency: Currency,
    /// Day of issue.
    pub issue_date: NaiveDate,
    /// Day payment is due.
    pub due_date: Option<NaiveDate>,
    /// Subtotal plus tax.
    pub total_amount: Decimal,
    /// Completed incoming payments less completed refunds.
    pub amount_paid: Decimal,
    /// `total_amount - amount_paid`; negative when overpaid.
    pub balance_due: Decimal,
    /// `Sent` or `Partially Paid` with a positive balance.
    pub is_open: bool,
    /// Open and due before the database's `current_date` (which follows the session's time zone).
    pub overdue_today: bool,
}

impl InvoiceBalanceRow {
    /// Whether the invoice is overdue on `day`: open, and due before that day (not on it), as
    /// `erp.invoices_overdue_on(day)` decides.
    pub fn is_overdue_on(&self, day: NaiveDate) -> bool {
        self.status.is_owed()
            && self.balance_due > Decimal::ZERO
            && self.due_date.is_some_and(|due| due < day)
    }

    /// Days past the due date on `day`; `None` unless the invoice is overdue on that day.
    pub fn days_overdue_on(&self, day: NaiveDate) -> Option<i64> {
        let due = self.due_date.filter(|_| self.is_overdue_on(day))?;
        Some(day.signed_duration_since(due).num_days())
    }
}

/// A row of `erp.finance_snapshot` (Coda's Finance Snapshot): one month's money in one currency.
///
/// Only months with an invoice, payment or expense have a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct FinanceSnapshotRow {
    /// First day of the month.
    pub month: NaiveDate,
    /// Currency of every amount of the row.
    pub currency: Currency,
    /// Total of the invoices issued in the month, except `Draft` and `Cancelled` ones.
    pub invoiced: Decimal,
    /// Completed incoming payments of the month.
    pub cash_in: Decimal,
    /// Completed outgoing payments of the month.
    pub cash_out: Decimal,
    /// Expenses of the month, except `Rejected` ones.
    pub expenses: Decimal,
    /// At the month's end: everything invoiced so far less what was paid against those invoices.
    pub open_receivables: Decimal,
    /// `cash_in - cash_out`.
    pub net: Decimal,
}

/// A row of `erp.template_performance` (Coda's Template Performance): how one process or resource
/// template is used.
///
/// Exactly one of `process_template_id` and `resource_template_id` is set, as `template_kind` says.
/// The run figures (`workflow_*`, `avg_actual_hours`, `variance_pct`, `completed_pct`) are `None` for
/// resource templates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct TemplatePerformanceRow {
    /// Which kind of template the row describes.
    pub template_kind: TemplateKind,
    /// The process template, for `Process Template` rows.
    pub process_template_id: Option<ProcessTemplateId>,
    /// The resource template, for `Resource Template` rows.
    pub resource_template_id: Option<ResourceTemplateId>,
    /// Name of the template.
    pub name: String,
    /// Lifecycle of the template.
    pub status: PatternStatus,
    /// Workflow the process template derives from.
    pub workflow_id: Option<WorkflowId>,
    /// That workflow's estimate for one run.
    pub workflow_estimated_hours: Option<Decimal>,
    /// Execution runs of a process template; touchpoints that used a resource template.
    pub uses_count: i64,
    /// Start of the last run, or time of the last touchpoint; `None` if never used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Mean actual hours of the runs that have hours, rounded to 2 decimals.
    pub avg_actual_hours: Option<Decimal>,
    /// Variance of the mean against the workflow's estimate in percent, rounded to 2 decimals; `None`
    /// without runs with hours or without a non-zero estimate.
    pub variance_pct: Option<Decimal>,
    /// Share of the runs that are `Completed`, in percent, rounded to 2 decimals; `None` without runs.
    pub completed_pct: Option<Decimal>,
}

/// A row of `erp.deal_pipeline`: the deals of one stage in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct DealPipelineRow {
    /// Pipeline stage.
    pub stage: DealStage,
    /// Position of the stage in the funnel, from 1 (`Lead`) to 6 (`Lost`).
    pub stage_order: i32,
    /// Currency of the amounts.
    pub currency: Currency,
    /// Number of deals.
    pub deals_count: i64,
    /// Sum of their amounts (a deal without an amount adds 0).
    pub total_amount: Decimal,
    /// Sum of amount × probability / 100, rounded to 2 decimals (a deal without a probability adds 0).
    pub weighted_amount: Decimal,
    /// Mean probability of the deals that have one, rounded to 2 decimals.
    pub avg_probability: Option<Decimal>,
}
