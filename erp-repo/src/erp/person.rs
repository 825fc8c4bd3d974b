//! `erp.people`: team members and client contacts.

use erp_model::{Person, PersonId, PersonInsertForm, PersonUpdateForm, Task};
use sea_query::Condition;
use sqlx::PgExecutor;

use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::People as Col;
use crate::{Result, erp::Tasks};

repository! {
    /// Repository of `erp.people`.
    People for Col {
        id: PersonId,
        row: Person,
        global_id: true,
        insert: PersonInsertForm {
            required: [full_name],
            optional: [email, handle, role_label, notes, is_active],
        },
        update: PersonUpdateForm { full_name, email, handle, role_label, notes, is_active },
        filter: PersonFilter,
        sort: PersonSort,
    }
}

sort_keys! {
    /// What a list of people can be ordered by.
    PersonSort for Col {
        /// Full name, alphabetically.
        FullName => (FullName, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which people to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonFilter {
    /// Only the person with exactly this email address (case-sensitive, as the unique constraint).
    pub email: Option<String>,
    /// Only active (`true`) or inactive (`false`) people.
    pub is_active: Option<bool>,
    /// Only people with exactly this role, e.g. "Founder".
    pub role_label: Option<String>,
    /// Case-insensitive search in the full name.
    pub name_contains: Option<String>,
}

impl ListFilter for PersonFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::Email, self.email.as_ref())?
            .eq(Col::IsActive, self.is_active.as_ref())?
            .eq(Col::RoleLabel, self.role_label.as_ref())?
            .search(Col::FullName, self.name_contains.as_deref())?
            .build())
    }
}

impl People {
    /// The person with exactly this email address, if any.
    pub async fn by_email<'e>(exec: impl PgExecutor<'e>, email: &str) -> Result<Option<Person>> {
        let stmt = select::<Self>()
            .cond_where(Where::new().eq(Col::Email, Some(&email))?.build())
            .to_owned();
        crud::fetch_optional(exec, &stmt).await
    }

    /// The person's open tasks (not Done or Cancelled) across all projects, most urgent and earliest
    /// due first; the same as [`Tasks::open_for_person`].
    pub async fn open_tasks<'e>(exec: impl PgExecutor<'e>, person: PersonId) -> Result<Vec<Task>> {
        Tasks::open_for_person(exec, person).await
    }
}
