//! What the SDK's operations report: results a service returns and a client reads back, without sqlx.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    ExecutionRun, ExecutionRunId, Sprint, SprintTask, Task, TaskId, TaskStatus, Workflow,
    WorkflowPerformance,
};

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

/// A sprint's capacity against the estimated hours of its tasks (Cancelled tasks left out); the sprint
/// itself is not repeated (it is beside the load in a [`SprintBoard`], and the caller of
/// `Sprints::load` named it). Hours have two decimals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SprintLoad {
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

impl SprintLoad {
    /// The load of a sprint with this capacity and these tasks, as `Sprints::load` computes it in SQL.
    ///
    /// ```
    /// use erp_model::{SprintLoad, SprintTask, TaskStatus};
    /// use rust_decimal::Decimal;
    ///
    /// let load = SprintLoad::from_tasks(Some(Decimal::from(4)), &[]);
    /// assert_eq!(load.planned_hours.to_string(), "0.00");
    /// assert_eq!(load.remaining_hours, Some(Decimal::from(4)));
    /// ```
    pub fn from_tasks(capacity_hours: Option<Decimal>, tasks: &[SprintTask]) -> SprintLoad {
        let counted = tasks.iter().filter(|t| t.status != TaskStatus::Cancelled);
        let (mut planned, mut count, mut unestimated) = (Decimal::new(0, 2), 0_i64, 0_i64);
        for task in counted {
            count += 1;
            match task.estimated_hours {
                Some(hours) => planned += hours,
                None => unestimated += 1,
            }
        }
        SprintLoad {
            task_count: count,
            unestimated_tasks: unestimated,
            ..SprintLoad::from_sums(capacity_hours, planned)
        }
    }

    /// The hours of a load from its capacity and planned hours, with two decimals; no tasks counted.
    pub fn from_sums(capacity_hours: Option<Decimal>, planned_hours: Decimal) -> SprintLoad {
        let two = |mut d: Decimal| {
            d.rescale(2);
            d
        };
        let remaining = capacity_hours.map(|c| two(c - planned_hours));
        SprintLoad {
            capacity_hours: capacity_hours.map(two),
            planned_hours: two(planned_hours),
            task_count: 0,
            unestimated_tasks: 0,
            remaining_hours: remaining,
            over_capacity: remaining.is_some_and(|r| r < Decimal::ZERO),
        }
    }
}

/// A week's sprint, its tasks and its load, for a sprint board; read from one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SprintBoard {
    /// The sprint of the week.
    pub sprint: Sprint,
    /// Its tasks, by scheduled start, then task id.
    pub tasks: Vec<SprintTask>,
    /// Its capacity against those tasks' estimates.
    pub load: SprintLoad,
}

/// A task as created or rescheduled by `Tasks::schedule` / `Tasks::reschedule`, with the sprint of its
/// week, ensured in the same transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledTask {
    /// The task as stored.
    pub task: Task,
    /// The ISO-week sprint holding its scheduled start; `None` for a task without a start.
    pub sprint: Option<Sprint>,
}

/// A workflow with how its runs went against its estimate (`Workflows::with_performance`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowWithPerformance {
    /// The workflow.
    pub workflow: Workflow,
    /// Its runs against its estimate, as in `erp.workflow_performance`.
    pub performance: WorkflowPerformance,
}
