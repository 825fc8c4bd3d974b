//! Rows and forms of `erp.tasks`: executable work items, placed in sprints by their scheduled start date.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{EngagementId, PersonId, ProjectId, TaskId, TaskPriority, TaskStatus};

/// A row of `erp.tasks`: planned work. Its sprint is computed from `scheduled_start_date` (view `erp.sprint_tasks`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Task {
    /// Database id of the task.
    pub id: TaskId,
    /// Stable global id of the task, for references from outside this database.
    pub global_id: Uuid,
    /// What is to be done.
    pub title: String,
    /// Details of the work.
    pub description: Option<String>,
    /// Project that owns the task; the task is deleted with it.
    pub project_id: Option<ProjectId>,
    /// Engagement the task serves; cleared if the engagement is deleted.
    pub engagement_id: Option<EngagementId>,
    /// Person doing the task; cleared if that person is deleted.
    pub assignee_id: Option<PersonId>,
    /// Lifecycle of the task (default `Not Started`).
    pub status: TaskStatus,
    /// Urgency of the task (default `Medium`).
    pub priority: TaskPriority,
    /// When the task is due.
    pub due_date: Option<NaiveDate>,
    /// Planned effort in hours; not negative.
    pub estimated_hours: Option<Decimal>,
    /// Effort spent in hours; not negative.
    pub actual_hours: Option<Decimal>,
    /// Day the work is scheduled to start; decides the task's sprint.
    pub scheduled_start_date: Option<NaiveDate>,
    /// Day the work is scheduled to end; not before `scheduled_start_date`.
    pub scheduled_end_date: Option<NaiveDate>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.tasks`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TaskInsertForm {
    /// What is to be done.
    pub title: String,
    /// Details of the work.
    pub description: Option<String>,
    /// Project that owns the task; the task is deleted with it.
    pub project_id: Option<ProjectId>,
    /// Engagement the task serves; cleared if the engagement is deleted.
    pub engagement_id: Option<EngagementId>,
    /// Person doing the task; cleared if that person is deleted.
    pub assignee_id: Option<PersonId>,
    /// Lifecycle of the task (default `Not Started`).
    pub status: Option<TaskStatus>,
    /// Urgency of the task (default `Medium`).
    pub priority: Option<TaskPriority>,
    /// When the task is due.
    pub due_date: Option<NaiveDate>,
    /// Planned effort in hours; not negative.
    pub estimated_hours: Option<Decimal>,
    /// Effort spent in hours; not negative.
    pub actual_hours: Option<Decimal>,
    /// Day the work is scheduled to start; decides the task's sprint.
    pub scheduled_start_date: Option<NaiveDate>,
    /// Day the work is scheduled to end; not before `scheduled_start_date`.
    pub scheduled_end_date: Option<NaiveDate>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl TaskInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.tasks`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskUpdateForm {
    /// What is to be done.
    pub title: Option<String>,
    /// Details of the work.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Project that owns the task; the task is deleted with it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub project_id: Option<Option<ProjectId>>,
    /// Engagement the task serves; cleared if the engagement is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub engagement_id: Option<Option<EngagementId>>,
    /// Person doing the task; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub assignee_id: Option<Option<PersonId>>,
    /// Lifecycle of the task (default `Not Started`).
    pub status: Option<TaskStatus>,
    /// Urgency of the task (default `Medium`).
    pub priority: Option<TaskPriority>,
    /// When the task is due.
    #[serde(with = "::serde_with::rust::double_option")]
    pub due_date: Option<Option<NaiveDate>>,
    /// Planned effort in hours; not negative.
    #[serde(with = "::serde_with::rust::double_option")]
    pub estimated_hours: Option<Option<Decimal>>,
    /// Effort spent in hours; not negative.
    #[serde(with = "::serde_with::rust::double_option")]
    pub actual_hours: Option<Option<Decimal>>,
    /// Day the work is scheduled to start; decides the task's sprint.
    #[serde(with = "::serde_with::rust::double_option")]
    pub scheduled_start_date: Option<Option<NaiveDate>>,
    /// Day the work is scheduled to end; not before `scheduled_start_date`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub scheduled_end_date: Option<Option<NaiveDate>>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl TaskUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What rescheduling a task does with its scheduled end (`Tasks::reschedule`).
///
/// In JSON: `"shift"`, `"keep"`, `null` (clear) or a date such as `"2026-01-16"` (set); a missing
/// field is [`EndDate::Shift`] where a body uses `#[serde(default)]`.
///
/// ```
/// use chrono::NaiveDate;
/// use erp_model::EndDate;
///
/// let day = NaiveDate::from_ymd_opt(2026, 1, 16).unwrap();
/// assert_eq!(serde_json::from_str::<EndDate>(r#""2026-01-16""#).unwrap(), EndDate::Set(day));
/// assert_eq!(serde_json::from_str::<EndDate>("null").unwrap(), EndDate::Clear);
/// assert_eq!(serde_json::to_string(&EndDate::Keep).unwrap(), r#""keep""#);
/// // The old `Option<NaiveDate>` argument: `Some(day)` sets it, `None` clears it.
/// assert_eq!(EndDate::from(None), EndDate::Clear);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EndDate {
    /// Moves the end by as many days as the start moves, so the task keeps its length; a task without
    /// a start or an end keeps its end as it is. What someone moving a task in a calendar expects.
    #[default]
    Shift,
    /// Leaves the end where it is (the move fails with the check violation
    /// `tasks_scheduled_end_date_check` if the new start is after it).
    Keep,
    /// Sets the end to this day.
    Set(NaiveDate),
    /// Clears the end: the task has no scheduled end.
    Clear,
}

impl From<Option<NaiveDate>> for EndDate {
    fn from(end: Option<NaiveDate>) -> Self {
        end.map_or(EndDate::Clear, EndDate::Set)
    }
}

impl From<NaiveDate> for EndDate {
    fn from(end: NaiveDate) -> Self {
        EndDate::Set(end)
    }
}

impl Serialize for EndDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            EndDate::Shift => serializer.serialize_str("shift"),
            EndDate::Keep => serializer.serialize_str("keep"),
            EndDate::Set(day) => day.serialize(serializer),
            EndDate::Clear => serializer.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for EndDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = EndDate;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(r#"a date (YYYY-MM-DD), null, "keep" or "shift""#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EndDate, E> {
                match v {
                    "shift" => Ok(EndDate::Shift),
                    "keep" => Ok(EndDate::Keep),
                    _ => v
                        .parse()
                        .map(EndDate::Set)
                        .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<EndDate, E> {
                Ok(EndDate::Clear)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<EndDate, E> {
                Ok(EndDate::Clear)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<EndDate, D::Error> {
                d.deserialize_any(self)
            }
        }
        deserializer.deserialize_option(Visitor)
    }
}
