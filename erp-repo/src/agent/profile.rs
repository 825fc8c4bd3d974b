//! `agent.profiles`: agent profiles (prompt, harness config, default model and context recipe) and their tools.

use agent_model::{
    ContextRecipe, ContextRecipeId, Profile, ProfileId, ProfileInsertForm, ProfileUpdateForm, Tool,
};
use sea_query::{Condition, Expr, ExprTrait, Query};
use sqlx::PgExecutor;
use sqlx::types::Json;

use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Profiles as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.profiles`.
    Profiles for Col {
        id: ProfileId,
        row: Profile,
        global_id: true,
        insert: ProfileInsertForm {
            required: [name],
            optional: [description, system_prompt_template, harness_config, default_model,
                       default_context_recipe_id, is_active],
        },
        update: ProfileUpdateForm {
            name, description, system_prompt_template, harness_config, default_model,
            default_context_recipe_id, is_active,
        },
        filter: ProfileFilter,
        sort: ProfileSort,
    }
}

sort_keys! {
    /// What a profile list can be ordered by.
    ProfileSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which profiles to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileFilter {
    /// Only active (or only inactive) profiles.
    pub is_active: Option<bool>,
    /// Only profiles with this default context recipe.
    pub default_context_recipe_id: Option<ContextRecipeId>,
    /// Only profiles with this default model.
    pub default_model: Option<String>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for ProfileFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::IsActive, self.is_active.as_ref())?
            .eq(
                Col::DefaultContextRecipeId,
                self.default_context_recipe_id.as_ref(),
            )?
            .eq(Col::DefaultModel, self.default_model.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

#[derive(sqlx::FromRow)]
struct ProfileWithTools {
    #[sqlx(flatten)]
    profile: Profile,
    #[sqlx(json)]
    tools: Vec<Tool>,
}

fn not_found(id: ProfileId) -> Error {
    Error::NotFound {
        table: Profiles::TABLE,
        id: id.to_string(),
    }
}

impl Profiles {
    /// A profile and the tools it may use, by name: links enabled in `profile_tools` to tools that are
    /// active. One query (the tools travel as one JSON array column).
    pub async fn with_tools<'e>(
        exec: impl PgExecutor<'e>,
        profile_id: ProfileId,
    ) -> Result<(Profile, Vec<Tool>)> {
        let stmt = select::<Self>()
            .expr_as(
                Expr::cust(
                    "COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.name) \
                     FROM agent.profile_tools pt JOIN agent.tools t ON t.id = pt.tool_id \
                     WHERE pt.profile_id = profiles.id AND pt.is_enabled AND t.is_active), '[]'::jsonb)",
                ),
                "tools",
            )
            .and_where(Expr::col("id").eq(profile_id.0))
            .to_owned();
        let row: ProfileWithTools = crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| not_found(profile_id))?;
        Ok((row.profile, row.tools))
    }

    /// A profile's default context recipe (`None` when it has none), or [`Error::NotFound`] for an
    /// unknown profile.
    pub async fn default_recipe<'e>(
        exec: impl PgExecutor<'e>,
        profile_id: ProfileId,
    ) -> Result<Option<ContextRecipe>> {
        let stmt = Query::select()
            .expr(Expr::cust(
                "(SELECT to_jsonb(r) FROM agent.context_recipes r \
                 WHERE r.id = profiles.default_context_recipe_id)",
            ))
            .from(("agent", "profiles"))
            .and_where(Expr::col("id").eq(profile_id.0))
            .to_owned();
        let row: (Option<Json<ContextRecipe>>,) = crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| not_found(profile_id))?;
        Ok(row.0.map(|Json(recipe)| recipe))
    }
}
