//! What the SDK's operations report: results a service returns and a client reads back, without sqlx.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{ExecutionRun, ExecutionRunId, Sprint, SprintTask, TaskId};

/// The run `ExecutionRuns::log_run` stored or found, and which of the two happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct LoggedRun {
    /// The run as stored.
    #[cfg_attr(feature = "sqlx", sqlx(flatten))]
    pub run: ExecutionRun,
    /// `true` when this call inserted it, `false` when the session was already logged.
    pub created: bool,
}

/// What `ExecutionRuns::ingest_runs` did with a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IngestReport {
    /// Runs inserted.
    pub inserted: u64,
    /// Runs already stored (or repeated within the batch) and left alone.
    pub skipped: u64,
}

/// A run's hours against the estimate of the task it worked on (seed 001's `variance_vs_estimate`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct RunTaskVariance {
    /// The run.
    pub run_id: ExecutionRunId,
    /// The task it worked on; `None` for a run without a task.
    pub task_id: Option<TaskId>,
    /// Hours the run took.
    pub actual_hours: Option<Decimal>,
    /// The task's estimate.
    pub task_estimated_hours: Option<Decimal>,
    /// `actual_hours - task_estimated_hours`; `None` when either is missing.
    pub variance_hours: Option<Decimal>,
    /// The variance in percent of the estimate, rounded to 2 decimals; `None` without a non-zero estimate.
    pub variance_pct: Option<Decimal>,
}

/// A sprint's capacity against the estimated hours of its tasks (Cancelled tasks left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SprintLoad {
    /// The sprint.
    pub sprint: Sprint,
    /// Hours available in the sprint, if set.
    pub capacity_hours: Option<Decimal>,
    /// Sum of the estimated hours of the sprint's tasks that are not Cancelled.
    pub planned_hours: Decimal,
    /// How many of the sprint's tasks are not Cancelled.
    pub task_count: i64,
    /// How many of those have no estimate (and so add nothing to `planned_hours`).
    pub unestimated_tasks: i64,
    /// Capacity minus planned hours, negative when over capacity; `None` without a capacity.
    pub remaining_hours: Option<Decimal>,
    /// Whether planned hours exceed the capacity (`false` without a capacity).
    pub over_capacity: bool,
}

/// A week's sprint and its tasks, for a sprint board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SprintBoard {
    /// The sprint of the week.
    pub sprint: Sprint,
    /// Its tasks, by scheduled start, then task id.
    pub tasks: Vec<SprintTask>,
}
