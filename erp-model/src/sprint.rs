//! Rows and forms of `erp.sprints`: one ISO week of capacity planning each.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{IsoWeek, SprintId, SprintStatus};

/// A row of `erp.sprints`: one ISO week, Monday to Sunday, named like `2025-W50`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Sprint {
    /// Database id of the sprint.
    pub id: SprintId,
    /// Stable global id of the sprint, for references from outside this database.
    pub global_id: Uuid,
    /// ISO-week name, e.g. `2025-W50`; unique.
    pub name: String,
    /// Monday of the week (`sprints_start_date_check`).
    pub start_date: NaiveDate,
    /// Sunday of the week: `start_date` + 6 days (`sprints_end_date_check`).
    pub end_date: NaiveDate,
    /// Hours available for work in the week.
    pub capacity_hours: Option<Decimal>,
    /// Lifecycle of the sprint (default `Planned`).
    pub status: SprintStatus,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.sprints`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SprintInsertForm {
    /// ISO-week name, e.g. `2025-W50`; unique.
    pub name: String,
    /// Monday of the week (`sprints_start_date_check`).
    pub start_date: NaiveDate,
    /// Sunday of the week: `start_date` + 6 days (`sprints_end_date_check`).
    pub end_date: NaiveDate,
    /// Hours available for work in the week.
    pub capacity_hours: Option<Decimal>,
    /// Lifecycle of the sprint (default `Planned`).
    pub status: Option<SprintStatus>,
}

impl SprintInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>, start_date: NaiveDate, end_date: NaiveDate) -> Self {
        Self {
            name: name.into(),
            start_date,
            end_date,
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.sprints`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SprintUpdateForm {
    /// ISO-week name, e.g. `2025-W50`; unique.
    pub name: Option<String>,
    /// Monday of the week (`sprints_start_date_check`).
    pub start_date: Option<NaiveDate>,
    /// Sunday of the week: `start_date` + 6 days (`sprints_end_date_check`).
    pub end_date: Option<NaiveDate>,
    /// Hours available for work in the week.
    #[serde(with = "::serde_with::rust::double_option")]
    pub capacity_hours: Option<Option<Decimal>>,
    /// Lifecycle of the sprint (default `Planned`).
    pub status: Option<SprintStatus>,
}

impl SprintUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl Sprint {
    /// The ISO week the sprint's name stands for, if the name is one (e.g. `2025-W50`).
    pub fn week(&self) -> Option<IsoWeek> {
        self.name.parse().ok()
    }

    /// Whether a task scheduled to start on `date` belongs to the sprint (ends inclusive, as in
    /// `erp.sprint_tasks`).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start_date <= date && date <= self.end_date
    }
}

impl SprintInsertForm {
    /// The sprint of an ISO week: named like `2025-W50`, Monday to Sunday.
    ///
    /// ```
    /// use erp_model::{IsoWeek, SprintInsertForm};
    ///
    /// let form = SprintInsertForm::for_week("2025-W50".parse::<IsoWeek>().unwrap());
    /// assert_eq!(form.name, "2025-W50");
    /// assert_eq!(form.start_date.to_string(), "2025-12-08");
    /// assert_eq!(form.end_date.to_string(), "2025-12-14");
    /// ```
    pub fn for_week(week: IsoWeek) -> Self {
        Self::new(week.name(), week.start(), week.end())
    }
}
