//! `agent.client_profiles`: what the agent knows about one memory client as a whole, one row per client.

use agent_model::{
    ClientProfile, ClientProfileId, ClientProfileInsertForm, ClientProfileUpdateForm,
};
use chrono::{DateTime, Utc};
use sea_query::{Condition, Expr, ExprTrait, OnConflict, Query};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, Table, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::ClientProfiles as Col;

repository! {
    /// Repository of `agent.client_profiles`.
    ClientProfiles for Col {
        id: ClientProfileId,
        row: ClientProfile,
        global_id: false,
        insert: ClientProfileInsertForm { required: [client_id], optional: [name, preferences] },
        update: ClientProfileUpdateForm { client_id, name, preferences },
        filter: ClientProfileFilter,
        sort: ClientProfileSort,
    }
}

sort_keys! {
    /// What a client profile list can be ordered by.
    ClientProfileSort for Col {
        /// The client's identifier, alphabetically.
        ClientId => (ClientId, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which client profiles to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientProfileFilter {
    /// Only these clients.
    pub client_ids: Option<Vec<String>>,
    /// Case-insensitive search in the display name.
    pub name_contains: Option<String>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
}

impl ListFilter for ClientProfileFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::ClientId, self.client_ids.as_deref())?
            .search(Col::Name, self.name_contains.as_deref())?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .build())
    }
}

impl ClientProfiles {
    /// The profile of this client, if it has one.
    pub async fn get_by_client<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
    ) -> Result<Option<ClientProfile>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("client_id").eq(field("client_id", client_id)?))
            .to_owned();
        crud::fetch_optional(exec, &stmt).await
    }

    /// Creates the client's profile or changes the existing one, in one statement.
    ///
    /// Fields the form sets overwrite; fields it leaves `None` keep the stored value (or take the default
    /// for a new profile). Clearing `name` is done with [`ClientProfiles::update`].
    pub async fn upsert<'e>(
        exec: impl PgExecutor<'e>,
        form: &ClientProfileInsertForm,
    ) -> Result<ClientProfile> {
        let values = Self::insert_values(form)?;
        let (columns, exprs): (Vec<_>, Vec<_>) = values
            .into_iter()
            .filter_map(|(c, v)| v.map(|v| (c, v)))
            .unzip();
        let mut updated: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| *c != "client_id")
            .collect();
        if updated.is_empty() {
            // Nothing to change, but DO UPDATE (unlike DO NOTHING) still returns the existing row.
            updated.push("client_id");
        }
        let mut stmt = Query::insert();
        stmt.into_table(("agent", "client_profiles"))
            .columns(columns)
            .values(exprs)
            .map_err(|e| crate::Error::invalid(Self::QUALIFIED, e.to_string()))?
            .on_conflict(
                OnConflict::column("client_id")
                    .update_columns(updated)
                    .to_owned(),
            )
            .returning_all();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| crate::Error::NotFound {
                table: Self::QUALIFIED,
                id: form.client_id.clone(),
            })
    }
}
