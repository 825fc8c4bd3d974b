//! `erp.organizations`: clients, partners, vendors and prospects.

use erp_model::{
    OrgType, Organization, OrganizationId, OrganizationInsertForm, OrganizationUpdateForm,
};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Organizations as Col;

repository! {
    /// Repository of `erp.organizations`; deleting one that still has engagements fails with
    /// [`Error::ForeignKeyViolation`](crate::Error::ForeignKeyViolation) (ON DELETE RESTRICT).
    Organizations for Col {
        id: OrganizationId,
        row: Organization,
        global_id: true,
        insert: OrganizationInsertForm {
            required: [name],
            optional: [website, org_type, notes, is_active],
        },
        update: OrganizationUpdateForm { name, website, org_type, notes, is_active },
        filter: OrganizationFilter,
        sort: OrganizationSort,
    }
}

sort_keys! {
    /// What a list of organizations can be ordered by.
    OrganizationSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which organizations to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganizationFilter {
    /// Only these relationship types.
    pub org_type: Option<Vec<OrgType>>,
    /// Only active (`true`) or inactive (`false`) organizations.
    pub is_active: Option<bool>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for OrganizationFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::OrgType, self.org_type.as_deref())?
            .eq(Col::IsActive, self.is_active.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}
