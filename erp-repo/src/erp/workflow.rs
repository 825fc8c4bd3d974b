//! `erp.workflows`: canonical SOPs, their process templates and their performance against the estimate.

use chrono::{DateTime, Utc};
use erp_model::{
    AutomationStatus, PatternStatus, ProcessTemplate, ServiceBlueprintId, Workflow, WorkflowId,
    WorkflowInsertForm, WorkflowPerformanceRow, WorkflowUpdateForm,
};
use sea_query::{
    Asterisk, Condition, Expr, ExprTrait, JoinType, NullOrdering, Order, Query, SelectStatement,
};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Workflows as Col;
use crate::{Error, Result};

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

/// The view's variance formula: NULL without runs with hours or without a non-zero estimate.
const VARIANCE_PCT: &str = "CASE WHEN w.estimated_hours IS NULL OR w.estimated_hours = 0 \
     OR count(r.actual_hours) = 0 THEN NULL \
     ELSE round((avg(r.actual_hours) - w.estimated_hours) / w.estimated_hours * 100, 2) END";

impl Workflows {
    /// The process templates derived from this workflow, by name.
    pub async fn process_templates<'e>(
        exec: impl PgExecutor<'e>,
        id: WorkflowId,
    ) -> Result<Vec<ProcessTemplate>> {
        let stmt = select::<ProcessTemplates>()
            .and_where(Expr::col("workflow_id").eq(field("workflow_id", &id)?))
            .order_by("name", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
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

/// The view `erp.workflow_performance` restricted to runs started at or after `since`.
fn performance_window(since: DateTime<Utc>) -> Result<SelectStatement> {
    Ok(Query::select()
        .expr_as(Expr::col(("w", "id")), "workflow_id")
        .expr_as(Expr::col(("w", "name")), "name")
        .expr_as(Expr::col(("w", "estimated_hours")), "estimated_hours")
        .expr_as(Expr::cust("count(r.id)"), "execution_runs_count")
        .expr_as(Expr::cust("avg(r.actual_hours)"), "avg_actual_hours")
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
