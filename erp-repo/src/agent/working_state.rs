//! `agent.working_state`: named, versioned pieces of a client's working state, with compare-and-set.

use agent_model::{WorkingState, WorkingStateId, WorkingStateInsertForm, WorkingStateUpdateForm};
use chrono::{DateTime, Utc};
use sea_query::{
    Asterisk, CommonTableExpression, Condition, Expr, ExprTrait, LockType, OnConflict, Order,
    Query, UnionType, WithQuery,
};
use sqlx::PgExecutor;

use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::isolation::client_scope;
use crate::macros::{repository, sort_keys};
use crate::schema::agent::WorkingState as Col;
use crate::{Error, Result};
pub use agent_model::CasOutcome;

repository! {
    /// Repository of `agent.working_state`.
    WorkingStates for Col {
        id: WorkingStateId,
        row: WorkingState,
        global_id: false,
        insert: WorkingStateInsertForm {
            required: [client_id, state_key],
            optional: [state_value, version],
        },
        update: WorkingStateUpdateForm { client_id, state_key, state_value },
        filter: WorkingStateFilter,
        sort: WorkingStateSort,
    }
}

sort_keys! {
    /// What a working-state list can be ordered by.
    WorkingStateSort for Col {
        /// The state's key, alphabetically.
        StateKey => (StateKey, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which working-state rows to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkingStateFilter {
    /// Only this client's state.
    pub client_id: Option<String>,
    /// Only these keys.
    pub state_keys: Option<Vec<String>>,
    /// Last changed at or after this instant.
    pub updated_from: Option<DateTime<Utc>>,
    /// Last changed at or before this instant.
    pub updated_to: Option<DateTime<Utc>>,
}

impl ListFilter for WorkingStateFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::ClientId, self.client_id.as_ref())?
            .any_of(Col::StateKey, self.state_keys.as_deref())?
            .between(
                Col::UpdatedAt,
                self.updated_from.as_ref(),
                self.updated_to.as_ref(),
            )?
            .build())
    }
}

fn key_condition(client_id: &str, state_key: &str) -> Result<Condition> {
    Ok(Where::new()
        .eq(Col::ClientId, Some(&client_id.to_owned()))?
        .eq(Col::StateKey, Some(&state_key.to_owned()))?
        .and(client_scope(WorkingStates::TABLE, client_id))
        .build())
}

impl WorkingStates {
    /// The client's state under this key, if any.
    pub async fn get_state<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        state_key: &str,
    ) -> Result<Option<WorkingState>> {
        let stmt = select::<Self>()
            .cond_where(key_condition(client_id, state_key)?)
            .to_owned();
        crud::fetch_optional(exec, &stmt).await
    }

    /// Sets the client's state under this key, creating it (version 1) or overwriting it (the trigger bumps
    /// the version), whatever was there: last writer wins. Use [`WorkingStates::compare_and_set`] to not.
    pub async fn set_state<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        state_key: &str,
        value: &serde_json::Value,
    ) -> Result<WorkingState> {
        let stmt = Query::insert()
            .into_table(("agent", "working_state"))
            .columns(["client_id", "state_key", "state_value"])
            .values([
                field("client_id", client_id)?,
                field("state_key", state_key)?,
                field("state_value", value)?,
            ])
            .map_err(|e| Error::invalid("working_state", e.to_string()))?
            .on_conflict(
                OnConflict::columns(["client_id", "state_key"])
                    .update_column("state_value")
                    .to_owned(),
            )
            .returning_all()
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: WorkingStates::TABLE,
                id: format!("{client_id}/{state_key}"),
            })
    }

    /// Sets the state only if its stored version is still `expected_version` (the version the caller read),
    /// in one statement; `expected_version` 0 means "the key does not exist yet" and inserts it.
    ///
    /// Two workers that read the same version cannot both write: the second gets
    /// [`CasOutcome::Conflict`] and must re-read and retry.
    pub async fn compare_and_set<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        state_key: &str,
        expected_version: i64,
        value: &serde_json::Value,
    ) -> Result<CasOutcome> {
        if expected_version < 0 {
            return Err(Error::invalid(
                "expected_version",
                "must be 0 (absent) or a version read before",
            ));
        }
        let write: sea_query::SubQueryStatement = if expected_version == 0 {
            Query::insert()
                .into_table(("agent", "working_state"))
                .columns(["client_id", "state_key", "state_value"])
                .values([
                    field("client_id", client_id)?,
                    field("state_key", state_key)?,
                    field("state_value", value)?,
                ])
                .map_err(|e| Error::invalid("working_state", e.to_string()))?
                .on_conflict(
                    OnConflict::columns(["client_id", "state_key"])
                        .do_nothing()
                        .to_owned(),
                )
                .returning_all()
                .to_owned()
                .into()
        } else {
            Query::update()
                .table(("agent", "working_state"))
                .value("state_value", field("state_value", value)?)
                .cond_where(key_condition(client_id, state_key)?)
                .and_where(Expr::col("version").eq(expected_version))
                .returning_all()
                .to_owned()
                .into()
        };
        let cte = CommonTableExpression::new()
            .table_name("written")
            .query(write)
            .to_owned();
        // FOR SHARE makes a READ COMMITTED statement return the newest committed version of a row another
        // writer just changed, not the one in its snapshot, so a Conflict shows the version to retry with.
        // (Locking is not allowed directly in a UNION branch, hence the subquery.)
        let locked = select::<Self>()
            .cond_where(key_condition(client_id, state_key)?)
            .and_where(
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from("written")
                        .to_owned(),
                )
                .not(),
            )
            .lock(LockType::Share)
            .to_owned();
        let stored = Query::select()
            .column(Asterisk)
            .expr_as(Expr::val(false), "updated")
            .from_subquery(locked, "stored")
            .to_owned();
        let query = Query::select()
            .column(Asterisk)
            .expr_as(Expr::val(true), "updated")
            .from("written")
            .union(UnionType::All, stored)
            .to_owned();
        let stmt = WithQuery::new().cte(cte).query(query).to_owned();
        let row: Option<CasRow> = crud::fetch_optional(exec, &stmt).await?;
        Ok(match row {
            Some(CasRow {
                state,
                updated: true,
            }) => CasOutcome::Updated(state),
            Some(CasRow { state, .. }) => CasOutcome::Conflict {
                current: Some(state),
            },
            None => CasOutcome::Conflict { current: None },
        })
    }

    /// All the client's working state, by key.
    pub async fn of_client<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
    ) -> Result<Vec<WorkingState>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("client_id").eq(field("client_id", client_id)?))
            .and_where(client_scope(Self::TABLE, client_id))
            .order_by("state_key", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}

#[derive(sqlx::FromRow)]
struct CasRow {
    #[sqlx(flatten)]
    state: WorkingState,
    updated: bool,
}
