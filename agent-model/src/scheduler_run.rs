//! `agent.scheduler_runs`: one scheduling of a plan into calendar blocks, claimed by one worker when due.

use chrono::{DateTime, Utc};
use erp_model::TaskId;

use crate::{PlanId, SchedulerRunId, SchedulerRunStatus};

/// A row of `agent.scheduler_runs`: one scheduling of a plan into calendar blocks, claimed by one worker when due.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct SchedulerRun {
    /// Database id.
    pub id: SchedulerRunId,
    /// The plan scheduled (deleted with it).
    pub plan_id: PlanId,
    /// The time blocks scheduled (default empty).
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub schedule_blocks: Vec<ScheduleBlock>,
    /// The client it is for.
    pub client_id: Option<String>,
    /// Lifecycle (default `pending`).
    pub status: SchedulerRunStatus,
    /// Calendar events created (JSON, default `[]`).
    pub calendar_events: serde_json::Value,
    /// When the run is due (default now).
    pub scheduled_for: DateTime<Utc>,
    /// The worker that claimed it.
    pub claimed_by: Option<String>,
    /// When it was claimed.
    pub claimed_at: Option<DateTime<Utc>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.scheduler_runs`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SchedulerRunInsertForm {
    /// The plan scheduled (deleted with it).
    pub plan_id: PlanId,
    /// The time blocks scheduled (default empty).
    pub schedule_blocks: Option<Vec<ScheduleBlock>>,
    /// The client it is for.
    pub client_id: Option<String>,
    /// Lifecycle (default `pending`).
    pub status: Option<SchedulerRunStatus>,
    /// Calendar events created (JSON, default `[]`).
    pub calendar_events: Option<serde_json::Value>,
    /// When the run is due (default now).
    pub scheduled_for: Option<DateTime<Utc>>,
    /// The worker that claimed it.
    pub claimed_by: Option<String>,
    /// When it was claimed.
    pub claimed_at: Option<DateTime<Utc>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl SchedulerRunInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(plan_id: PlanId) -> Self {
        Self {
            plan_id,
            schedule_blocks: None,
            client_id: None,
            status: None,
            calendar_events: None,
            scheduled_for: None,
            claimed_by: None,
            claimed_at: None,
            metadata: None,
        }
    }
}

/// A change to a row of `agent.scheduler_runs`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SchedulerRunUpdateForm {
    /// The plan scheduled (deleted with it).
    pub plan_id: Option<PlanId>,
    /// The time blocks scheduled (default empty).
    pub schedule_blocks: Option<Vec<ScheduleBlock>>,
    /// The client it is for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_id: Option<Option<String>>,
    /// Lifecycle (default `pending`).
    pub status: Option<SchedulerRunStatus>,
    /// Calendar events created (JSON, default `[]`).
    pub calendar_events: Option<serde_json::Value>,
    /// When the run is due (default now).
    pub scheduled_for: Option<DateTime<Utc>>,
    /// The worker that claimed it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub claimed_by: Option<Option<String>>,
    /// When it was claimed.
    #[serde(with = "::serde_with::rust::double_option")]
    pub claimed_at: Option<Option<DateTime<Utc>>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl SchedulerRunUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One block of time a scheduler run put in the calendar (an element of `scheduler_runs.schedule_blocks`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScheduleBlock {
    /// What the block is for.
    pub title: String,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// The task it works on, if any.
    #[serde(default)]
    pub task_id: Option<TaskId>,
}
