//! `agent.profile_tools`: which tools a profile may use, each link enabled or disabled.

use agent_model::{
    ProfileId, ProfileTool, ProfileToolId, ProfileToolInsertForm, ProfileToolUpdateForm, ToolId,
};
use sea_query::{Condition, OnConflict, Query};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, field};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::ProfileTools as Col;

repository! {
    /// Repository of `agent.profile_tools`.
    ProfileTools for Col {
        id: ProfileToolId,
        row: ProfileTool,
        global_id: false,
        insert: ProfileToolInsertForm {
            required: [profile_id, tool_id],
            optional: [is_enabled],
        },
        update: ProfileToolUpdateForm { profile_id, tool_id, is_enabled },
        filter: ProfileToolFilter,
        sort: ProfileToolSort,
    }
}

sort_keys! {
    /// What a profile-tool list can be ordered by.
    ProfileToolSort for Col {
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
    }
}

/// Which profile-tool links to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileToolFilter {
    /// Only links of this profile.
    pub profile_id: Option<ProfileId>,
    /// Only links to this tool.
    pub tool_id: Option<ToolId>,
    /// Only enabled (or only disabled) links.
    pub is_enabled: Option<bool>,
}

impl ListFilter for ProfileToolFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::ProfileId, self.profile_id.as_ref())?
            .eq(Col::ToolId, self.tool_id.as_ref())?
            .eq(Col::IsEnabled, self.is_enabled.as_ref())?
            .build())
    }
}

impl ProfileTools {
    /// Lets a profile use a tool: creates the link or re-enables it (one row per pair, ever).
    pub async fn enable<'e>(
        exec: impl PgExecutor<'e>,
        profile_id: ProfileId,
        tool_id: ToolId,
    ) -> Result<ProfileTool> {
        Self::set_enabled(exec, profile_id, tool_id, true).await
    }

    /// Stops a profile using a tool: disables the link, creating it disabled if it did not exist.
    pub async fn disable<'e>(
        exec: impl PgExecutor<'e>,
        profile_id: ProfileId,
        tool_id: ToolId,
    ) -> Result<ProfileTool> {
        Self::set_enabled(exec, profile_id, tool_id, false).await
    }

    async fn set_enabled<'e>(
        exec: impl PgExecutor<'e>,
        profile_id: ProfileId,
        tool_id: ToolId,
        enabled: bool,
    ) -> Result<ProfileTool> {
        let stmt = Query::insert()
            .into_table(("agent", "profile_tools"))
            .columns(["profile_id", "tool_id", "is_enabled"])
            .values_panic([
                field("profile_id", &profile_id)?,
                field("tool_id", &tool_id)?,
                field("is_enabled", &enabled)?,
            ])
            .on_conflict(
                OnConflict::columns(["profile_id", "tool_id"])
                    .update_column("is_enabled")
                    .to_owned(),
            )
            .returning_all()
            .to_owned();
        let row = crud::fetch_optional(exec, &stmt).await?;
        Ok(row.expect("INSERT .. ON CONFLICT DO UPDATE .. RETURNING always returns the row"))
    }
}
