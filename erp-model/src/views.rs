//! Rows of the erp views: `erp.sprint_tasks` and `erp.workflow_performance`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    PersonId, ProjectId, SprintId, TaskId, TaskPriority, TaskStatus, WorkflowId,
    WorkflowPerformance,
};

/// A row of `erp.sprint_tasks`: a task in the sprint whose week holds its `scheduled_start_date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct SprintTask {
    /// The sprint.
    pub sprint_id: SprintId,
    /// Name of the sprint, e.g. `2025-W50`.
    pub sprint_name: String,
    /// The task.
    pub task_id: TaskId,
    /// What is to be done.
    pub title: String,
    /// Lifecycle of the task.
    pub status: TaskStatus,
    /// Urgency of the task.
    pub priority: TaskPriority,
    /// Project that owns the task.
    pub project_id: Option<ProjectId>,
    /// Person doing the task.
    pub assignee_id: Option<PersonId>,
    /// Day the work is scheduled to start; never NULL here, since it is what places the task in the sprint.
    pub scheduled_start_date: NaiveDate,
    /// Day the work is scheduled to end.
    pub scheduled_end_date: Option<NaiveDate>,
    /// Planned effort in hours.
    pub estimated_hours: Option<Decimal>,
}

/// A row of `erp.workflow_performance`: one workflow's runs against its estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct WorkflowPerformanceRow {
    /// The workflow.
    pub workflow_id: WorkflowId,
    /// Name of the workflow.
    pub name: String,
    /// Estimated hours for one run.
    pub estimated_hours: Option<Decimal>,
    /// Number of runs of the workflow, with or without hours.
    pub execution_runs_count: i64,
    /// Mean hours of the runs that have hours; `None` without any.
    pub avg_actual_hours: Option<Decimal>,
    /// Variance of the mean against the estimate in percent, rounded to 2 decimals; `None` without runs with
    /// hours or without a non-zero estimate.
    pub variance_pct: Option<Decimal>,
}

impl WorkflowPerformanceRow {
    /// The performance figures of the row, without the workflow's identity.
    pub fn performance(&self) -> WorkflowPerformance {
        WorkflowPerformance {
            execution_runs_count: self.execution_runs_count,
            avg_actual_hours: self.avg_actual_hours,
            variance_pct: self.variance_pct,
        }
    }
}
