//! `erp.workflows`: canonical SOPs, their process templates and their performance against the estimate.

use chrono::{DateTime, Utc};
use erp_model::{
    AutomationStatus, PatternStatus, ProcessTemplate, ServiceBlueprintId, Workflow, WorkflowId,
    WorkflowInsertForm, WorkflowPerformance, WorkflowPerformanceRow, WorkflowUpdateForm,
    WorkflowWithPerformance,
};
use rust_decimal::Decimal;
use sea_query::{
    Asterisk, Condition, Expr, ExprTrait, JoinType, NullOrdering, Order, Query, SelectStatement,
};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{Acquire, FromRow, PgConnection, PgExecutor, Postgres, Row};

use crate::crud::{self, Table, columns, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::page::{finish_page, page_query};
use crate::schema::erp::Workflows as Col;
use crate::{Error, Page, PageRequest, Result, SortOrder};

use super::process_template::ProcessTemplates;
use super::service_blueprint::with_tags;

repository! {
    /// Repository of `erp.workflows`.
    Workflows for Col {
        id: WorkflowId,
        row: Workflow,
        global_id: true,
        insert: WorkflowInsertForm {
            required: [name],
            optional: [service_blueprint_id, description, steps, estimated_hours, automation_status, version,
                       status, tags, functional_area_id],
        },
        update: WorkflowUpdateForm {
            service_blueprint_id, name, description, steps, estimated_hours, automation_status, version,
            status, tags, functional_area_id,
        },
        filter: WorkflowFilter,
        sort: WorkflowSort,
    }
}

sort_keys! {
    /// What a workflow list can be ordered by.
    WorkflowSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which workflows to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkflowFilter {
    /// Only these statuses.
    pub status: Option<Vec<PatternStatus>>,
    /// Only these automation levels.
    pub automation_status: Option<Vec<AutomationStatus>>,
    /// Only workflows of this blueprint.
    pub service_blueprint_id: Option<ServiceBlueprintId>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
    /// Only rows carrying every one of these tags.
    pub tags: Option<Vec<String>>,
}

impl ListFilter for WorkflowFilter {
    fn condition(&self) -> Result<Condition> {
        let w = Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .any_of(Col::AutomationStatus, self.automation_status.as_deref())?
            .eq(Col::ServiceBlueprintId, self.service_blueprint_id.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?;
        Ok(with_tags(w, self.tags.as_ref())?.build())
    }
}

/// A workflow's row with its performance figures, flattened as the cursor of a page reads it.
#[derive(FromRow, Serialize)]
struct PerformanceRow {
    #[sqlx(flatten)]
    #[serde(flatten)]
    workflow: Workflow,
    execution_runs_count: i64,
    avg_actual_hours: Option<Decimal>,
    variance_pct: Option<Decimal>,
}

/// A row of `erp.workflows LEFT JOIN erp.process_templates`: a template, or none for a workflow without.
struct TemplateOfWorkflow(Option<ProcessTemplate>);

impl<'r> FromRow<'r, PgRow> for TemplateOfWorkflow {
    fn from_row(row: &'r PgRow) -> sqlx::Result<Self> {
        // A template's id is never NULL; a NULL one is the join's row for a workflow without templates.
        match row.try_get::<Option<i64>, _>("id")? {
            Some(_) => ProcessTemplate::from_row(row).map(|t| TemplateOfWorkflow(Some(t))),
            None => Ok(TemplateOfWorkflow(None)),
        }
    }
}

/// The view's variance formula: NULL without runs with hours or without a non-zero estimate.
const VARIANCE_PCT: &str = "CASE WHEN w.estimated_hours IS NULL OR w.estimated_hours = 0 \
     OR count(r.actual_hours) = 0 THEN NULL \
     ELSE round((avg(r.actual_hours) - w.estimated_hours) / w.estimated_hours * 100, 2) END";

impl Workflows {
    /// The process templates derived from this workflow, by name; [`Error::NotFound`] for an unknown
    /// workflow (an empty list means the workflow has none). One statement: the workflow's row, joined
    /// with its templates.
    pub async fn process_templates<'e>(
        exec: impl PgExecutor<'e>,
        id: WorkflowId,
    ) -> Result<Vec<ProcessTemplate>> {
        let stmt = Query::select()
            .columns(columns::<ProcessTemplates>().map(|c| ("pt", c)))
            .from_as((Self::SCHEMA, Self::NAME), "w")
            .join_as(
                JoinType::LeftJoin,
                (ProcessTemplates::SCHEMA, ProcessTemplates::NAME),
                "pt",
                Expr::col(("pt", "workflow_id")).equals(("w", "id")),
            )
            .and_where(Expr::col(("w", "id")).eq(field("id", &id)?))
            .order_by(("pt", "name"), Order::Asc)
            .order_by(("pt", "id"), Order::Asc)
            .to_owned();
        let rows: Vec<TemplateOfWorkflow> = crud::fetch_all(exec, &stmt).await?;
        if rows.is_empty() {
            return Err(Error::NotFound {
                table: Self::QUALIFIED,
                id: id.to_string(),
            });
        }
        Ok(rows.into_iter().filter_map(|r| r.0).collect())
    }

    /// A page of the workflows `filter` matches, each with its performance over all its runs (the view
    /// `erp.workflow_performance`), in one statement; ordered and paged as [`Workflows::list`].
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub async fn with_performance<'e>(
        exec: impl PgExecutor<'e>,
        filter: &WorkflowFilter,
        order: SortOrder<WorkflowSort>,
        page: &PageRequest,
    ) -> Result<Page<WorkflowWithPerformance>> {
        crud::traced(
            Self::QUALIFIED,
            "with_performance",
            |p: &Page<WorkflowWithPerformance>| p.items.len() as u64,
            async move {
                let joined = Query::select()
                    .columns(columns::<Self>().map(|c| ("w", c)))
                    .columns([
                        ("p", "execution_runs_count"),
                        ("p", "avg_actual_hours"),
                        ("p", "variance_pct"),
                    ])
                    .from_as((Self::SCHEMA, Self::NAME), "w")
                    .join_as(
                        JoinType::InnerJoin,
                        ("erp", "workflow_performance"),
                        "p",
                        Expr::col(("p", "workflow_id")).equals(("w", "id")),
                    )
                    .to_owned();
                // The filter and the keyset name the workflow's columns unqualified: wrapped, they are
                // unambiguous (the view has its own `name`), and PostgreSQL flattens the subquery.
                let mut stmt = Query::select()
                    .column(Asterisk)
                    .from_subquery(joined, "workflow")
                    .cond_where(filter.condition()?)
                    .to_owned();
                let limit = page_query(&mut stmt, order, page)?;
                let rows: Vec<PerformanceRow> = crud::fetch_all(exec, &stmt).await?;
                let page = finish_page(rows, order, limit)?;
                Ok(Page {
                    items: page
                        .items
                        .into_iter()
                        .map(|r| WorkflowWithPerformance {
                            workflow: r.workflow,
                            performance: WorkflowPerformance {
                                execution_runs_count: r.execution_runs_count,
                                avg_actual_hours: r.avg_actual_hours,
                                variance_pct: r.variance_pct,
                            },
                        })
                        .collect(),
                    next: page.next,
                })
            },
        )
        .await
    }

    /// The `Active` workflows, by name, each with all of its process templates (any status, by name):
    /// what a planner chooses from. Two statements on one connection.
    pub fn active_with_templates<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
    ) -> impl Future<Output = Result<Vec<(Workflow, Vec<ProcessTemplate>)>>> + Send {
        crate::crud::traced_op(Self::TABLE, "active_with_templates", async move {
            let mut held = db.acquire().await?;
            Self::active_with_templates_on(&mut held).await
        })
    }

    async fn active_with_templates_on(
        conn: &mut PgConnection,
    ) -> Result<Vec<(Workflow, Vec<ProcessTemplate>)>> {
        let mut tx = conn.begin().await?;
        let stmt = select::<Self>()
            .and_where(Expr::col("status").eq(field("status", &PatternStatus::Active)?))
            .order_by("name", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        let workflows: Vec<Workflow> = crud::fetch_all(&mut *tx, &stmt).await?;
        let ids: Vec<i64> = workflows.iter().map(|w| w.id.0).collect();
        let stmt = select::<ProcessTemplates>()
            .and_where(Expr::cust_with_values("workflow_id = ANY($1)", [ids]))
            .order_by("name", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        let templates: Vec<ProcessTemplate> = crud::fetch_all(&mut *tx, &stmt).await?;
        tx.commit().await?;
        Ok(workflows
            .into_iter()
            .map(|w| {
                let own = templates
                    .iter()
                    .filter(|t| t.workflow_id == Some(w.id))
                    .cloned()
                    .collect();
                (w, own)
            })
            .collect())
    }

    /// This workflow's performance over all its runs, from the view `erp.workflow_performance`.
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub async fn performance<'e>(
        exec: impl PgExecutor<'e>,
        id: WorkflowId,
    ) -> Result<WorkflowPerformanceRow> {
        let stmt = performance_view()
            .and_where(Expr::col("workflow_id").eq(field("workflow_id", &id)?))
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Workflows::TABLE,
                id: id.to_string(),
            })
    }

    /// Every workflow's performance over all its runs, by workflow id (the view `erp.workflow_performance`).
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub async fn performance_all<'e>(
        exec: impl PgExecutor<'e>,
    ) -> Result<Vec<WorkflowPerformanceRow>> {
        let stmt = performance_view()
            .order_by("workflow_id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// Every workflow's performance over the runs started at or after `since` (the seed's "last 90 days"),
    /// by workflow id; the view's formula, with workflows without runs in the window counted as 0.
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub async fn performance_since<'e>(
        exec: impl PgExecutor<'e>,
        since: DateTime<Utc>,
    ) -> Result<Vec<WorkflowPerformanceRow>> {
        let stmt = performance_window(since)?
            .order_by(("w", "id"), Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// Every workflow's performance, largest drift from the estimate first (by absolute variance, workflows
    /// without a variance last); over all runs, or only those started at or after `since`.
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub async fn performance_by_drift<'e>(
        exec: impl PgExecutor<'e>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<WorkflowPerformanceRow>> {
        let inner = match since {
            Some(since) => performance_window(since)?,
            None => performance_view(),
        };
        // An output column can be ordered by only as a bare name, not inside abs(): order the subquery.
        let stmt = Query::select()
            .column(Asterisk)
            .from_subquery(inner, "p")
            .order_by_expr_with_nulls(
                Expr::cust("abs(p.variance_pct)"),
                Order::Desc,
                NullOrdering::Last,
            )
            .order_by(("p", "workflow_id"), Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}

fn performance_view() -> SelectStatement {
    Query::select()
        .column(Asterisk)
        .from(("erp", "workflow_performance"))
        .to_owned()
}

/// The view `erp.workflow_performance` restricted to runs started at or after `since` (the mean rounded
/// to 2 decimals as the view's, the variance from the exact mean).
fn performance_window(since: DateTime<Utc>) -> Result<SelectStatement> {
    Ok(Query::select()
        .expr_as(Expr::col(("w", "id")), "workflow_id")
        .expr_as(Expr::col(("w", "name")), "name")
        .expr_as(Expr::col(("w", "estimated_hours")), "estimated_hours")
        .expr_as(Expr::cust("count(r.id)"), "execution_runs_count")
        .expr_as(
            Expr::cust("round(avg(r.actual_hours), 2)"),
            "avg_actual_hours",
        )
        .expr_as(Expr::cust(VARIANCE_PCT), "variance_pct")
        .from_as(("erp", "workflows"), "w")
        .join_as(
            JoinType::LeftJoin,
            ("erp", "execution_runs"),
            "r",
            Condition::all()
                .add(Expr::col(("r", "workflow_id")).equals(("w", "id")))
                .add(Expr::col(("r", "started_at")).gte(field("started_at", &since)?)),
        )
        .group_by_col(("w", "id"))
        .to_owned())
}
