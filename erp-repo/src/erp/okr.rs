//! `erp.okrs`: objectives and their key results over a time horizon.

use chrono::NaiveDate;
use erp_model::{Okr, OkrId, OkrInsertForm, OkrStatus, OkrUpdateForm, PersonId, VentureId};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Okrs as Col;

repository! {
    /// Repository of `erp.okrs`.
    Okrs for Col {
        id: OkrId,
        row: Okr,
        global_id: true,
        insert: OkrInsertForm {
            required: [objective],
            optional: [owner_person_id, venture_id, venture_name, key_results, time_horizon_start,
                       time_horizon_end, status],
        },
        update: OkrUpdateForm {
            owner_person_id, venture_id, venture_name, objective, key_results, time_horizon_start,
            time_horizon_end, status,
        },
        filter: OkrFilter,
        sort: OkrSort,
    }
}

sort_keys! {
    /// What an OKR list can be ordered by.
    OkrSort for Col {
        /// Objective, alphabetically.
        Objective => (Objective, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which OKRs to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OkrFilter {
    /// Only these statuses.
    pub status: Option<Vec<OkrStatus>>,
    /// Only OKRs owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Only OKRs of this venture.
    pub venture_id: Option<VentureId>,
    /// Horizon starting on or after this date.
    pub horizon_start_from: Option<NaiveDate>,
    /// Horizon starting on or before this date.
    pub horizon_start_to: Option<NaiveDate>,
    /// Horizon ending on or after this date.
    pub horizon_end_from: Option<NaiveDate>,
    /// Horizon ending on or before this date.
    pub horizon_end_to: Option<NaiveDate>,
    /// Only OKRs whose horizon holds this date (both ends set and inclusive).
    pub in_horizon_on: Option<NaiveDate>,
    /// Case-insensitive search in the objective.
    pub objective_contains: Option<String>,
}

impl ListFilter for OkrFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .eq(Col::VentureId, self.venture_id.as_ref())?
            .between(
                Col::TimeHorizonStart,
                self.horizon_start_from.as_ref(),
                self.horizon_start_to.as_ref(),
            )?
            .between(
                Col::TimeHorizonEnd,
                self.horizon_end_from.as_ref(),
                self.horizon_end_to.as_ref(),
            )?
            // start <= day <= end: the horizon holds the day.
            .between(Col::TimeHorizonStart, None, self.in_horizon_on.as_ref())?
            .between(Col::TimeHorizonEnd, self.in_horizon_on.as_ref(), None)?
            .search(Col::Objective, self.objective_contains.as_deref())?
            .build())
    }
}
