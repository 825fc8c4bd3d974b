//! `erp.ventures`: the business entities that projects and OKRs belong to.

use erp_model::{
    PersonId, Venture, VentureId, VentureInsertForm, VentureStatus, VentureUpdateForm,
};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Ventures as Col;

repository! {
    /// Repository of `erp.ventures`.
    Ventures for Col {
        id: VentureId,
        row: Venture,
        global_id: true,
        insert: VentureInsertForm {
            required: [name],
            optional: [description, status, owner_person_id],
        },
        update: VentureUpdateForm { name, description, status, owner_person_id },
        filter: VentureFilter,
        sort: VentureSort,
    }
}

sort_keys! {
    /// What a list of ventures can be ordered by.
    VentureSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which ventures to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VentureFilter {
    /// Only these statuses.
    pub status: Option<Vec<VentureStatus>>,
    /// Only ventures owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for VentureFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}
