//! The view `erp.template_performance` (Coda's "pattern metrics & analysis"): per process template, its
//! runs, average hours, variance against its workflow's estimate, share completed and last run; per
//! resource template, how many touchpoints used it.

use erp_model::{
    ProcessTemplateId, ResourceTemplateId, TemplateKind, TemplatePerformanceRow, WorkflowId,
};
use sea_query::{
    Asterisk, Expr, ExprTrait, IdenStatic, NullOrdering, Order, Query, SelectStatement,
};
use sqlx::PgExecutor;

use crate::crud::{self, field};
use crate::schema::Table as _;
use crate::schema::erp::{ProcessTemplates, ResourceTemplates, TemplatePerformance as Col};
use crate::{Error, Result};

/// The view `erp.template_performance`: one row per process template and per resource template.
#[derive(Debug, Clone, Copy, Default)]
pub struct TemplatePerformance;

fn view() -> SelectStatement {
    Query::select()
        .column(Asterisk)
        .from(Col::table())
        .to_owned()
}

fn of_kind(kind: TemplateKind) -> Result<SelectStatement> {
    Ok(view()
        .and_where(Expr::col(Col::TemplateKind).eq(field(Col::TemplateKind.as_str(), &kind)?))
        .to_owned())
}

impl TemplatePerformance {
    /// Every template's row: the process templates first, then the resource templates, each by name.
    pub async fn all<'e>(exec: impl PgExecutor<'e>) -> Result<Vec<TemplatePerformanceRow>> {
        let stmt = view()
            .order_by(Col::TemplateKind, Order::Asc)
            .order_by(Col::Name, Order::Asc)
            .order_by(Col::ProcessTemplateId, Order::Asc)
            .order_by(Col::ResourceTemplateId, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// This process template's runs and hours; [`Error::NotFound`] naming `erp.process_templates` when
    /// there is no such template.
    pub async fn of<'e>(
        exec: impl PgExecutor<'e>,
        id: ProcessTemplateId,
    ) -> Result<TemplatePerformanceRow> {
        let stmt = view()
            .and_where(
                Expr::col(Col::ProcessTemplateId).eq(field(Col::ProcessTemplateId.as_str(), &id)?),
            )
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: ProcessTemplates::QUALIFIED,
                id: id.to_string(),
            })
    }

    /// How often touchpoints used this resource template; [`Error::NotFound`] naming
    /// `erp.resource_templates` when there is no such template.
    pub async fn of_resource<'e>(
        exec: impl PgExecutor<'e>,
        id: ResourceTemplateId,
    ) -> Result<TemplatePerformanceRow> {
        let stmt = view()
            .and_where(
                Expr::col(Col::ResourceTemplateId)
                    .eq(field(Col::ResourceTemplateId.as_str(), &id)?),
            )
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: ResourceTemplates::QUALIFIED,
                id: id.to_string(),
            })
    }

    /// The process templates of one workflow, by name.
    pub async fn of_workflow<'e>(
        exec: impl PgExecutor<'e>,
        workflow: WorkflowId,
    ) -> Result<Vec<TemplatePerformanceRow>> {
        let stmt = of_kind(TemplateKind::ProcessTemplate)?
            .and_where(Expr::col(Col::WorkflowId).eq(field(Col::WorkflowId.as_str(), &workflow)?))
            .order_by(Col::Name, Order::Asc)
            .order_by(Col::ProcessTemplateId, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// The resource templates by use: most used by touchpoints first, then most recently used.
    pub async fn resource_usage<'e>(
        exec: impl PgExecutor<'e>,
    ) -> Result<Vec<TemplatePerformanceRow>> {
        let stmt = of_kind(TemplateKind::ResourceTemplate)?
            .order_by(Col::UsesCount, Order::Desc)
            .order_by_with_nulls(Col::LastUsedAt, Order::Desc, NullOrdering::Last)
            .order_by(Col::ResourceTemplateId, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// The process templates whose average run drifts furthest from the workflow's estimate first (by
    /// absolute variance; templates without a variance last).
    pub async fn by_drift<'e>(exec: impl PgExecutor<'e>) -> Result<Vec<TemplatePerformanceRow>> {
        let stmt = of_kind(TemplateKind::ProcessTemplate)?
            .order_by_expr_with_nulls(
                Expr::cust_with_exprs("abs($1)", [Expr::col(Col::VariancePct)]),
                Order::Desc,
                NullOrdering::Last,
            )
            .order_by(Col::ProcessTemplateId, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
