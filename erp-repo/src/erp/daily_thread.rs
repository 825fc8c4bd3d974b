//! `erp.daily_thread`: a person's daily log (what happened, wins, blockers, energy), one entry per person
//! per day.

use chrono::NaiveDate;
use erp_model::{
    DailyThreadEntry, DailyThreadEntryId, DailyThreadEntryInsertForm, DailyThreadEntryUpdateForm,
    Level, PersonId,
};
use sea_query::{Condition, Expr, ExprTrait, IdenStatic};
use sqlx::PgExecutor;

use super::service_blueprint::with_tags;
use crate::Result;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::DailyThread as Col;

repository! {
    /// Repository of `erp.daily_thread`.
    DailyThreadEntries for Col {
        id: DailyThreadEntryId,
        row: DailyThreadEntry,
        global_id: true,
        insert: DailyThreadEntryInsertForm {
            required: [content],
            optional: [entry_date, person_id, wins, blockers, energy, tags],
        },
        update: DailyThreadEntryUpdateForm { entry_date, person_id, content, wins, blockers, energy, tags },
        filter: DailyThreadEntryFilter,
        sort: DailyThreadEntrySort,
    }
}

sort_keys! {
    /// What a daily-thread list can be ordered by.
    DailyThreadEntrySort for Col {
        /// Day of the entry.
        EntryDate => (EntryDate, "date"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which daily-thread entries to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DailyThreadEntryFilter {
    /// Only entries of this person.
    pub person_id: Option<PersonId>,
    /// Only entries with this energy.
    pub energy: Option<Level>,
    /// On or after this day.
    pub date_from: Option<NaiveDate>,
    /// On or before this day.
    pub date_to: Option<NaiveDate>,
    /// Only entries carrying every one of these tags.
    pub tags: Option<Vec<String>>,
    /// Case-insensitive search in the content.
    pub content_contains: Option<String>,
}

impl ListFilter for DailyThreadEntryFilter {
    fn condition(&self) -> Result<Condition> {
        let w = Where::new()
            .eq(Col::PersonId, self.person_id.as_ref())?
            .eq(Col::Energy, self.energy.as_ref())?
            .between(
                Col::EntryDate,
                self.date_from.as_ref(),
                self.date_to.as_ref(),
            )?
            .search(Col::Content, self.content_contains.as_deref())?;
        Ok(with_tags(w, self.tags.as_ref())?.build())
    }
}

impl DailyThreadEntries {
    /// The person's entry for `day`, if written (`person: None`: the unattributed entry of that day).
    pub async fn of_day<'e>(
        exec: impl PgExecutor<'e>,
        person: Option<PersonId>,
        day: NaiveDate,
    ) -> Result<Option<DailyThreadEntry>> {
        let mut stmt = select::<Self>();
        stmt.and_where(Expr::col(Col::EntryDate).eq(field(Col::EntryDate.as_str(), &day)?));
        match person {
            Some(p) => {
                stmt.and_where(Expr::col(Col::PersonId).eq(field(Col::PersonId.as_str(), &p)?))
            }
            None => stmt.and_where(Expr::col(Col::PersonId).is_null()),
        };
        crud::fetch_optional(exec, &stmt).await
    }
}
