//! `agent.context_recipes`: named recipes for building an agent's context (what to retrieve, how much).

use agent_model::{
    ContextRecipe, ContextRecipeId, ContextRecipeInsertForm, ContextRecipeUpdateForm,
};
use sea_query::{Condition, Expr, ExprTrait};
use sqlx::PgExecutor;

use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::ContextRecipes as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.context_recipes`.
    ContextRecipes for Col {
        id: ContextRecipeId,
        row: ContextRecipe,
        global_id: false,
        insert: ContextRecipeInsertForm {
            required: [name],
            optional: [description, retrieval_spec],
        },
        update: ContextRecipeUpdateForm { name, description, retrieval_spec },
        filter: ContextRecipeFilter,
        sort: ContextRecipeSort,
    }
}

sort_keys! {
    /// What a context recipe list can be ordered by.
    ContextRecipeSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
    }
}

/// Which context recipes to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContextRecipeFilter {
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for ContextRecipeFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

impl ContextRecipes {
    /// The recipe with this (unique) name, or [`Error::NotFound`].
    pub async fn by_name<'e>(exec: impl PgExecutor<'e>, name: &str) -> Result<ContextRecipe> {
        let stmt = select::<Self>()
            .and_where(Expr::col("name").eq(field("name", name)?))
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: ContextRecipes::TABLE,
                id: name.to_owned(),
            })
    }
}
