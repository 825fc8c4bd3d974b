//! `agent.prompt_templates`: versioned prompt templates, unique per (name, version).

use agent_model::{
    PromptTemplate, PromptTemplateId, PromptTemplateInsertForm, PromptTemplateType,
    PromptTemplateUpdateForm,
};
use sea_query::{Condition, Expr, ExprTrait, Order};
use sqlx::PgExecutor;

use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::PromptTemplates as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.prompt_templates`.
    PromptTemplates for Col {
        id: PromptTemplateId,
        row: PromptTemplate,
        global_id: false,
        insert: PromptTemplateInsertForm {
            required: [template_name, content],
            optional: [template_type, version, variables, metadata, purpose, status, topic_id,
                       target_model, tags],
        },
        update: PromptTemplateUpdateForm {
            template_name, template_type, content, version, variables, metadata, purpose, status,
            topic_id, target_model, tags,
        },
        filter: PromptTemplateFilter,
        sort: PromptTemplateSort,
    }
}

sort_keys! {
    /// What a prompt template list can be ordered by.
    PromptTemplateSort for Col {
        /// Name, alphabetically.
        TemplateName => (TemplateName, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which prompt templates to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PromptTemplateFilter {
    /// Only versions of the template with exactly this name.
    pub template_name: Option<String>,
    /// Only these roles.
    pub template_type: Option<Vec<PromptTemplateType>>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for PromptTemplateFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::TemplateName, self.template_name.as_ref())?
            .any_of(Col::TemplateType, self.template_type.as_deref())?
            .search(Col::TemplateName, self.name_contains.as_deref())?
            .build())
    }
}

fn not_found(name: &str, version: Option<i32>) -> Error {
    Error::NotFound {
        table: PromptTemplates::TABLE,
        id: match version {
            Some(v) => format!("{name} v{v}"),
            None => name.to_owned(),
        },
    }
}

impl PromptTemplates {
    /// The highest version of the template with this name, or [`Error::NotFound`].
    pub async fn latest<'e>(exec: impl PgExecutor<'e>, name: &str) -> Result<PromptTemplate> {
        let stmt = select::<Self>()
            .and_where(Expr::col("template_name").eq(field("template_name", name)?))
            .order_by("version", Order::Desc)
            .limit(1)
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| not_found(name, None))
    }

    /// One version of the template with this name, or [`Error::NotFound`].
    pub async fn by_name_version<'e>(
        exec: impl PgExecutor<'e>,
        name: &str,
        version: i32,
    ) -> Result<PromptTemplate> {
        let stmt = select::<Self>()
            .and_where(Expr::col("template_name").eq(field("template_name", name)?))
            .and_where(Expr::col("version").eq(version))
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| not_found(name, Some(version)))
    }
}
