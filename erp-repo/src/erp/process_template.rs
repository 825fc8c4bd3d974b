//! `erp.process_templates`: context-specific checklists, derived from workflows.

use erp_model::{
    PatternStatus, ProcessTemplate, ProcessTemplateId, ProcessTemplateInsertForm,
    ProcessTemplateType, ProcessTemplateUpdateForm, Workflow, WorkflowId,
};
use sea_query::{Asterisk, Condition, Expr, ExprTrait, JoinType, Query};
use sqlx::postgres::PgRow;
use sqlx::{FromRow, PgExecutor, Row};

use crate::crud::{self, field};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::ProcessTemplates as Col;
use crate::{Error, Result};

use super::service_blueprint::with_tags;

repository! {
    /// Repository of `erp.process_templates`.
    ProcessTemplates for Col {
        id: ProcessTemplateId,
        row: ProcessTemplate,
        global_id: true,
        insert: ProcessTemplateInsertForm {
            required: [name],
            optional: [workflow_id, description, checklist, template_type, version, status, tags],
        },
        update: ProcessTemplateUpdateForm {
            workflow_id, name, description, checklist, template_type, version, status, tags,
        },
        filter: ProcessTemplateFilter,
        sort: ProcessTemplateSort,
    }
}

sort_keys! {
    /// What a process template list can be ordered by.
    ProcessTemplateSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which process templates to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProcessTemplateFilter {
    /// Only these statuses.
    pub status: Option<Vec<PatternStatus>>,
    /// Only these kinds.
    pub template_type: Option<Vec<ProcessTemplateType>>,
    /// Only templates derived from this workflow.
    pub workflow_id: Option<WorkflowId>,
    /// `Some(true)`: only templates derived from a workflow; `Some(false)`: only free-standing ones.
    pub derived: Option<bool>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
    /// Only rows carrying every one of these tags.
    pub tags: Option<Vec<String>>,
}

impl ListFilter for ProcessTemplateFilter {
    fn condition(&self) -> Result<Condition> {
        let w = Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .any_of(Col::TemplateType, self.template_type.as_deref())?
            .eq(Col::WorkflowId, self.workflow_id.as_ref())?
            .is_null(Col::WorkflowId, self.derived.map(|d| !d))
            .search(Col::Name, self.name_contains.as_deref())?;
        Ok(with_tags(w, self.tags.as_ref())?.build())
    }
}

/// The workflow columns of a template joined to its parent; all NULL when it has none.
struct ParentWorkflow(Option<Workflow>);

impl<'r> FromRow<'r, PgRow> for ParentWorkflow {
    fn from_row(row: &'r PgRow) -> sqlx::Result<Self> {
        let id: Option<i64> = row.try_get("id")?;
        Ok(ParentWorkflow(match id {
            Some(_) => Some(Workflow::from_row(row)?),
            None => None,
        }))
    }
}

impl ProcessTemplates {
    /// The workflow this template derives from; `None` for a free-standing template, and
    /// [`Error::NotFound`] when there is no such template.
    pub async fn workflow<'e>(
        exec: impl PgExecutor<'e>,
        id: ProcessTemplateId,
    ) -> Result<Option<Workflow>> {
        // One statement: the template row is always there when it exists, the workflow's columns are
        // NULL when it has no parent, so "no template" and "no parent" stay apart.
        let stmt = Query::select()
            .column(("w", Asterisk))
            .from_as(("erp", "process_templates"), "t")
            .join_as(
                JoinType::LeftJoin,
                ("erp", "workflows"),
                "w",
                Expr::col(("w", "id")).equals(("t", "workflow_id")),
            )
            .and_where(Expr::col(("t", "id")).eq(field("id", &id)?))
            .to_owned();
        match crud::fetch_optional::<ParentWorkflow, _>(exec, &stmt).await? {
            Some(ParentWorkflow(parent)) => Ok(parent),
            None => Err(Error::NotFound {
                table: ProcessTemplates::TABLE,
                id: id.to_string(),
            }),
        }
    }
}
