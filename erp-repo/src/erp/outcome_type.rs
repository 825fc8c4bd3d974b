//! `erp.outcome_types`: the kinds of outcome the business tracks (revenue, time saved, retention ...),
//! which engagement results and experiments are classified by.

use chrono::{DateTime, Utc};
use erp_model::{OutcomeType, OutcomeTypeId, OutcomeTypeInsertForm, OutcomeTypeUpdateForm};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::OutcomeTypes as Col;

repository! {
    /// Repository of `erp.outcome_types`.
    OutcomeTypes for Col {
        id: OutcomeTypeId,
        row: OutcomeType,
        global_id: true,
        insert: OutcomeTypeInsertForm {
            required: [name],
            optional: [description, is_active],
        },
        update: OutcomeTypeUpdateForm { name, description, is_active },
        filter: OutcomeTypeFilter,
        sort: OutcomeTypeSort,
    }
}

sort_keys! {
    /// What an outcome type list can be ordered by.
    OutcomeTypeSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which outcome types to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutcomeTypeFilter {
    /// Only active (`true`) or inactive (`false`) types.
    pub is_active: Option<bool>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for OutcomeTypeFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::IsActive, self.is_active.as_ref())?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}
