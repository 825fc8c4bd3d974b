//! `agent.plans`: plans (an intent and its standard operating procedure) that scheduler runs carry out.

use agent_model::{Plan, PlanId, PlanInsertForm, PlanStatus, PlanUpdateForm};
use chrono::{DateTime, Utc};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Plans as Col;

repository! {
    /// Repository of `agent.plans`.
    Plans for Col {
        id: PlanId,
        row: Plan,
        global_id: false,
        insert: PlanInsertForm {
            required: [plan_title],
            optional: [intent, sop, client_id, status, metadata],
        },
        update: PlanUpdateForm { plan_title, intent, sop, client_id, status, metadata },
        filter: PlanFilter,
        sort: PlanSort,
    }
}

sort_keys! {
    /// What a plan list can be ordered by.
    PlanSort for Col {
        /// Title, alphabetically.
        PlanTitle => (PlanTitle, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which plans to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanFilter {
    /// Only these statuses.
    pub status: Option<Vec<PlanStatus>>,
    /// Only plans for this client.
    pub client_id: Option<String>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
}

impl ListFilter for PlanFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::ClientId, self.client_id.as_ref())?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::PlanTitle, self.title_contains.as_deref())?
            .build())
    }
}
