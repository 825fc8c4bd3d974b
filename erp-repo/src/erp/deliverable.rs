//! `erp.deliverables`: the outputs handed to clients.

use chrono::NaiveDate;
use erp_model::{
    Deliverable, DeliverableId, DeliverableInsertForm, DeliverableStatus, DeliverableUpdateForm,
    EngagementId, OfferId,
};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Deliverables as Col;

repository! {
    /// Repository of `erp.deliverables`; deleting an engagement deletes its deliverables (CASCADE),
    /// unless a result still refers to one (RESTRICT).
    Deliverables for Col {
        id: DeliverableId,
        row: Deliverable,
        global_id: true,
        insert: DeliverableInsertForm {
            required: [name],
            optional: [engagement_id, offer_id, description, due_date, status],
        },
        update: DeliverableUpdateForm {
            engagement_id, offer_id, name, description, due_date, status,
        },
        filter: DeliverableFilter,
        sort: DeliverableSort,
    }
}

sort_keys! {
    /// What a deliverable list can be ordered by.
    DeliverableSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which deliverables to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliverableFilter {
    /// Only these statuses.
    pub status: Option<Vec<DeliverableStatus>>,
    /// Only deliverables of this engagement.
    pub engagement_id: Option<EngagementId>,
    /// Only deliverables of this offer.
    pub offer_id: Option<OfferId>,
    /// Due on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this date.
    pub due_to: Option<NaiveDate>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for DeliverableFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::EngagementId, self.engagement_id.as_ref())?
            .eq(Col::OfferId, self.offer_id.as_ref())?
            .between(Col::DueDate, self.due_from.as_ref(), self.due_to.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}
