//! Rows and forms of `erp.daily_thread`: daily notes and reflections.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DailyThreadEntryId, Level, PersonId};

/// A row of `erp.daily_thread`: one person's note for one day; `(person_id, entry_date)` is unique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct DailyThreadEntry {
    /// Database id of the entry.
    pub id: DailyThreadEntryId,
    /// Stable global id of the entry, for references from outside this database.
    pub global_id: Uuid,
    /// Day of the entry (default: today).
    pub entry_date: NaiveDate,
    /// Author; the entry is deleted with that person.
    pub person_id: Option<PersonId>,
    /// The note.
    pub content: String,
    /// What went well.
    pub wins: Option<String>,
    /// What is in the way.
    pub blockers: Option<String>,
    /// Energy of the day.
    pub energy: Option<Level>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.daily_thread`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyThreadEntryInsertForm {
    /// Day of the entry (default: today).
    pub entry_date: Option<NaiveDate>,
    /// Author; the entry is deleted with that person.
    pub person_id: Option<PersonId>,
    /// The note.
    pub content: String,
    /// What went well.
    pub wins: Option<String>,
    /// What is in the way.
    pub blockers: Option<String>,
    /// Energy of the day.
    pub energy: Option<Level>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl DailyThreadEntryInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(content: impl Into<String>) -> Self {
        Self {
            entry_date: None,
            person_id: None,
            content: content.into(),
            wins: None,
            blockers: None,
            energy: None,
            tags: None,
        }
    }
}

/// Changes to a row of `erp.daily_thread`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DailyThreadEntryUpdateForm {
    /// Day of the entry (default: today).
    pub entry_date: Option<NaiveDate>,
    /// Author; the entry is deleted with that person.
    #[serde(with = "::serde_with::rust::double_option")]
    pub person_id: Option<Option<PersonId>>,
    /// The note.
    pub content: Option<String>,
    /// What went well.
    #[serde(with = "::serde_with::rust::double_option")]
    pub wins: Option<Option<String>>,
    /// What is in the way.
    #[serde(with = "::serde_with::rust::double_option")]
    pub blockers: Option<Option<String>>,
    /// Energy of the day.
    #[serde(with = "::serde_with::rust::double_option")]
    pub energy: Option<Option<Level>>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl DailyThreadEntryUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
