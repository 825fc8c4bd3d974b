//! Rows and forms of `erp.execution_runs`: work-session telemetry for pattern learning.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    EngagementId, ExecutionRunId, PersonId, ProcessTemplateId, ProjectId, RunStatus, RunType,
    SessionId, TaskId, WorkflowId,
};

/// A row of `erp.execution_runs`: one actual work session, the telemetry the variance analysis learns from.
///
/// A task can have several runs (paused and resumed work); `(task_id, started_at)` is unique, so logging
/// the same session twice cannot duplicate it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ExecutionRun {
    /// Database id of the execution run.
    pub id: ExecutionRunId,
    /// Stable global id of the execution run, for references from outside this database.
    pub global_id: Uuid,
    /// What kind of work the run records (default `Process`).
    pub run_type: RunType,
    /// Workflow the run executes; the workflow cannot be deleted while runs point to it.
    pub workflow_id: Option<WorkflowId>,
    /// Process template followed; it cannot be deleted while runs point to it.
    pub process_template_id: Option<ProcessTemplateId>,
    /// Task worked on; it cannot be deleted while runs point to it.
    pub task_id: Option<TaskId>,
    /// Project worked in; it cannot be deleted while runs point to it.
    pub project_id: Option<ProjectId>,
    /// Engagement worked for; it cannot be deleted while runs point to it.
    pub engagement_id: Option<EngagementId>,
    /// Person who did the work; cleared if that person is deleted.
    pub executed_by: Option<PersonId>,
    /// The `agent.sessions` row that logged the run; cleared if the session is deleted.
    pub session_id: Option<SessionId>,
    /// When the session started (default: now).
    pub started_at: DateTime<Utc>,
    /// When the session ended; not before `started_at`.
    pub ended_at: Option<DateTime<Utc>>,
    /// Estimate the run is measured against; not negative. When logged without one, the database takes
    /// the task's estimate, else the workflow's (trigger `erp.fill_run_estimate`).
    pub estimated_hours: Option<Decimal>,
    /// Hours spent; when left NULL with `ended_at` set, the database fills it from the
    /// session length, rounded to 2 decimals (see [`crate::hours_between`]).
    pub actual_hours: Option<Decimal>,
    /// Computed by the database: `(actual - estimated) / estimated * 100`, rounded to 2 decimals;
    /// NULL when the estimate (given, or the task's or workflow's) is missing or zero (see
    /// [`crate::variance_pct`]).
    pub variance_pct: Option<Decimal>,
    /// What came out of the session.
    pub outcome_notes: Option<String>,
    /// External identifier of the run, unique when set.
    pub run_identifier: Option<String>,
    /// Lifecycle of the run (default `Completed`).
    pub status: RunStatus,
    /// Free-form metadata (JSONB, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.execution_runs`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExecutionRunInsertForm {
    /// What kind of work the run records (default `Process`).
    pub run_type: Option<RunType>,
    /// Workflow the run executes; the workflow cannot be deleted while runs point to it.
    pub workflow_id: Option<WorkflowId>,
    /// Process template followed; it cannot be deleted while runs point to it.
    pub process_template_id: Option<ProcessTemplateId>,
    /// Task worked on; it cannot be deleted while runs point to it.
    pub task_id: Option<TaskId>,
    /// Project worked in; it cannot be deleted while runs point to it.
    pub project_id: Option<ProjectId>,
    /// Engagement worked for; it cannot be deleted while runs point to it.
    pub engagement_id: Option<EngagementId>,
    /// Person who did the work; cleared if that person is deleted.
    pub executed_by: Option<PersonId>,
    /// The `agent.sessions` row that logged the run; cleared if the session is deleted.
    pub session_id: Option<SessionId>,
    /// When the session started (default: now).
    pub started_at: Option<DateTime<Utc>>,
    /// When the session ended; not before `started_at`.
    pub ended_at: Option<DateTime<Utc>>,
    /// Estimate the run is measured against; not negative. When logged without one, the database takes
    /// the task's estimate, else the workflow's (trigger `erp.fill_run_estimate`).
    pub estimated_hours: Option<Decimal>,
    /// Hours spent; when left NULL with `ended_at` set, the database fills it from the
    /// session length, rounded to 2 decimals (see [`crate::hours_between`]).
    pub actual_hours: Option<Decimal>,
    /// What came out of the session.
    pub outcome_notes: Option<String>,
    /// External identifier of the run, unique when set.
    pub run_identifier: Option<String>,
    /// Lifecycle of the run (default `Completed`).
    pub status: Option<RunStatus>,
    /// Free-form metadata (JSONB, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl ExecutionRunInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new() -> Self {
        Self {
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.execution_runs`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExecutionRunUpdateForm {
    /// What kind of work the run records (default `Process`).
    pub run_type: Option<RunType>,
    /// Workflow the run executes; the workflow cannot be deleted while runs point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub workflow_id: Option<Option<WorkflowId>>,
    /// Process template followed; it cannot be deleted while runs point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub process_template_id: Option<Option<ProcessTemplateId>>,
    /// Task worked on; it cannot be deleted while runs point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub task_id: Option<Option<TaskId>>,
    /// Project worked in; it cannot be deleted while runs point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub project_id: Option<Option<ProjectId>>,
    /// Engagement worked for; it cannot be deleted while runs point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub engagement_id: Option<Option<EngagementId>>,
    /// Person who did the work; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub executed_by: Option<Option<PersonId>>,
    /// The `agent.sessions` row that logged the run; cleared if the session is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub session_id: Option<Option<SessionId>>,
    /// When the session started (default: now).
    pub started_at: Option<DateTime<Utc>>,
    /// When the session ended; not before `started_at`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub ended_at: Option<Option<DateTime<Utc>>>,
    /// Estimate the run is measured against; not negative. When logged without one, the database takes
    /// the task's estimate, else the workflow's (trigger `erp.fill_run_estimate`).
    #[serde(with = "::serde_with::rust::double_option")]
    pub estimated_hours: Option<Option<Decimal>>,
    /// Hours spent; when left NULL with `ended_at` set, the database fills it from the
    /// session length, rounded to 2 decimals (see [`crate::hours_between`]).
    #[serde(with = "::serde_with::rust::double_option")]
    pub actual_hours: Option<Option<Decimal>>,
    /// What came out of the session.
    #[serde(with = "::serde_with::rust::double_option")]
    pub outcome_notes: Option<Option<String>>,
    /// External identifier of the run, unique when set.
    #[serde(with = "::serde_with::rust::double_option")]
    pub run_identifier: Option<Option<String>>,
    /// Lifecycle of the run (default `Completed`).
    pub status: Option<RunStatus>,
    /// Free-form metadata (JSONB, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl ExecutionRunUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
