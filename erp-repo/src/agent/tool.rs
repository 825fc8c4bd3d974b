//! `agent.tools`: the tools an agent can call, with their JSON schema.

use agent_model::{Tool, ToolId, ToolInsertForm, ToolUpdateForm};
use sea_query::{Condition, Expr, ExprTrait};
use sqlx::PgExecutor;

use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Tools as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.tools`.
    Tools for Col {
        id: ToolId,
        row: Tool,
        global_id: true,
        insert: ToolInsertForm {
            required: [name],
            optional: [description, schema_definition, is_active],
        },
        update: ToolUpdateForm { name, description, schema_definition, is_active },
        filter: ToolFilter,
        sort: ToolSort,
    }
}

sort_keys! {
    /// What a tool list can be ordered by.
    ToolSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which tools to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ToolFilter {
    /// Only active (or only inactive) tools.
    pub is_active: Option<bool>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for ToolFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::IsActive, self.is_active.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

impl Tools {
    /// The tool with this (unique) name, or [`Error::NotFound`].
    pub async fn by_name<'e>(exec: impl PgExecutor<'e>, name: &str) -> Result<Tool> {
        let stmt = select::<Self>()
            .and_where(Expr::col("name").eq(field("name", name)?))
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Tools::TABLE,
                id: name.to_owned(),
            })
    }
}
