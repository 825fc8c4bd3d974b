//! `erp.execution_runs`: work-session telemetry, logged idempotently on its natural key.
//!
//! This file holds the repository, its filter and the variance queries; idempotent logging
//! ([`ExecutionRuns::log_run`]) is in `execution_run/logging.rs` and bulk ingest
//! ([`ExecutionRuns::ingest_runs`]) in `execution_run/ingest.rs`.

mod ingest;
mod logging;

pub use ingest::IngestReport;
pub use logging::LoggedRun;

use chrono::{DateTime, Utc};
use erp_model::{
    EngagementId, ExecutionRun, ExecutionRunId, ExecutionRunInsertForm, ExecutionRunUpdateForm,
    PersonId, ProcessTemplateId, ProjectId, RunStatus, RunType, TaskId, WorkflowId,
};
use sea_query::{Condition, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use crate::crud::{self, Table, field};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::ExecutionRuns as Col;
use crate::{Error, Result};
pub use erp_model::RunTaskVariance;

repository! {
    /// Repository of `erp.execution_runs`.
    ExecutionRuns for Col {
        id: ExecutionRunId,
        row: ExecutionRun,
        global_id: true,
        insert: ExecutionRunInsertForm {
            required: [],
            optional: [run_type, workflow_id, process_template_id, task_id, project_id, engagement_id,
                       executed_by, session_id, started_at, ended_at, estimated_hours, actual_hours,
                       outcome_notes, run_identifier, status, metadata],
        },
        update: ExecutionRunUpdateForm {
            run_type, workflow_id, process_template_id, task_id, project_id, engagement_id, executed_by,
            session_id, started_at, ended_at, estimated_hours, actual_hours, outcome_notes, run_identifier,
            status, metadata,
        },
        filter: ExecutionRunFilter,
        sort: ExecutionRunSort,
    }
}

sort_keys! {
    /// What a run list can be ordered by.
    ExecutionRunSort for Col {
        /// When the session started.
        StartedAt => (StartedAt, "timestamptz"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which runs to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExecutionRunFilter {
    /// Only these kinds of run.
    pub run_type: Option<Vec<RunType>>,
    /// Only these statuses.
    pub status: Option<Vec<RunStatus>>,
    /// Only runs of this workflow.
    pub workflow_id: Option<WorkflowId>,
    /// Only runs following this process template.
    pub process_template_id: Option<ProcessTemplateId>,
    /// Only runs on this task.
    pub task_id: Option<TaskId>,
    /// Only runs in this project.
    pub project_id: Option<ProjectId>,
    /// Only runs for this engagement.
    pub engagement_id: Option<EngagementId>,
    /// Only runs by this person.
    pub executed_by: Option<PersonId>,
    /// Only runs logged by this agent session.
    pub session_id: Option<agent_model::SessionId>,
    /// Started at or after this instant.
    pub started_from: Option<DateTime<Utc>>,
    /// Started at or before this instant.
    pub started_to: Option<DateTime<Utc>>,
    /// `Some(true)`: only runs not yet ended; `Some(false)`: only ended ones.
    pub open: Option<bool>,
    /// Case-insensitive search in the outcome notes.
    pub notes_contains: Option<String>,
}

impl ListFilter for ExecutionRunFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::RunType, self.run_type.as_deref())?
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::WorkflowId, self.workflow_id.as_ref())?
            .eq(Col::ProcessTemplateId, self.process_template_id.as_ref())?
            .eq(Col::TaskId, self.task_id.as_ref())?
            .eq(Col::ProjectId, self.project_id.as_ref())?
            .eq(Col::EngagementId, self.engagement_id.as_ref())?
            .eq(Col::ExecutedBy, self.executed_by.as_ref())?
            .eq(Col::SessionId, self.session_id.as_ref())?
            .between(
                Col::StartedAt,
                self.started_from.as_ref(),
                self.started_to.as_ref(),
            )?
            .is_null(Col::EndedAt, self.open)
            .search(Col::OutcomeNotes, self.notes_contains.as_deref())?
            .build())
    }
}

impl ExecutionRuns {
    /// Starts a run: status `Running`, `started_at` now unless the form gives it; finish it with
    /// [`ExecutionRuns::finish_run`]. A plain insert: a second start of the same session is a
    /// [`Error::UniqueViolation`].
    pub async fn start_run<'e>(
        exec: impl PgExecutor<'e>,
        form: &ExecutionRunInsertForm,
    ) -> Result<ExecutionRun> {
        if form.ended_at.is_some() {
            return Err(Error::invalid(
                "ended_at",
                "a run being started has not ended; use log_run",
            ));
        }
        if form.status.is_some_and(|s| s != RunStatus::Running) {
            return Err(Error::invalid("status", "a run being started is Running"));
        }
        let form = ExecutionRunInsertForm {
            status: Some(RunStatus::Running),
            ..form.clone()
        };
        Self::insert(exec, &form).await
    }

    /// Finishes a running run: sets `ended_at`, the final `status` and, when given, the outcome notes;
    /// the database fills `actual_hours` from the session length when it is not set.
    ///
    /// A run that has already ended is left alone and the call fails with [`Error::InvalidInput`] on
    /// `ended_at`. An `ended_at` before the start fails with [`Error::CheckViolation`] on
    /// `execution_runs_ended_at_check` (column `ended_at`).
    pub fn finish_run<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: ExecutionRunId,
        ended_at: DateTime<Utc>,
        status: RunStatus,
        outcome_notes: Option<&str>,
    ) -> impl Future<Output = Result<ExecutionRun>> + Send {
        crate::crud::traced_op(Self::TABLE, "finish_run", async move {
            let mut held = db.acquire().await?;
            Self::finish_run_on(&mut held, id, ended_at, status, outcome_notes).await
        })
    }

    async fn finish_run_on(
        conn: &mut PgConnection,
        id: ExecutionRunId,
        ended_at: DateTime<Utc>,
        status: RunStatus,
        outcome_notes: Option<&str>,
    ) -> Result<ExecutionRun> {
        if status == RunStatus::Running {
            return Err(Error::invalid(
                "status",
                "a finished run is Completed, Failed or Cancelled",
            ));
        }
        let mut values = vec![
            ("ended_at", field("ended_at", &ended_at)?),
            ("status", field("status", &status)?),
        ];
        if let Some(notes) = outcome_notes {
            values.push(("outcome_notes", field("outcome_notes", notes)?));
        }
        let stmt = Query::update()
            .table((Self::SCHEMA, Self::NAME))
            .values(values)
            .and_where(Expr::col("id").eq(field("id", &id)?))
            .and_where(Expr::col("ended_at").is_null())
            .and_where(Expr::col("started_at").lte(field("ended_at", &ended_at)?))
            .returning_all()
            .to_owned();
        if let Some(run) = crud::fetch_optional(&mut *conn, &stmt).await? {
            return Ok(run);
        }
        // Only to tell why nothing was updated: one write, so no transaction is needed.
        let run = Self::get(&mut *conn, id).await?;
        match run.ended_at {
            Some(ended) => Err(Error::invalid(
                "ended_at",
                format!("run {id} already ended at {}", ended.to_rfc3339()),
            )),
            None => Err(Error::CheckViolation {
                constraint: "execution_runs_ended_at_check".to_owned(),
                table: Self::TABLE.to_owned(),
                column: Some("ended_at".to_owned()),
            }),
        }
    }

    /// This run's hours against its task's estimate; [`Error::NotFound`] when there is no such run.
    pub async fn variance_vs_task<'e>(
        exec: impl PgExecutor<'e>,
        id: ExecutionRunId,
    ) -> Result<RunTaskVariance> {
        let stmt = variance_query()
            .and_where(Expr::col(("r", "id")).eq(field("id", &id)?))
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Self::QUALIFIED,
                id: id.to_string(),
            })
    }

    /// Every run started at or after `since`, against its task's estimate (the figures are `None` for runs
    /// without a task), by start then id.
    pub async fn variances_vs_task_since<'e>(
        exec: impl PgExecutor<'e>,
        since: DateTime<Utc>,
    ) -> Result<Vec<RunTaskVariance>> {
        let stmt = variance_query()
            .and_where(Expr::col(("r", "started_at")).gte(field("started_at", &since)?))
            .order_by(("r", "started_at"), Order::Asc)
            .order_by(("r", "id"), Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
const TASK_VARIANCE_PCT: &str = "CASE WHEN t.estimated_hours IS NULL OR t.estimated_hours = 0 THEN NULL \
     ELSE round((r.actual_hours - t.estimated_hours) / t.estimated_hours * 100, 2) END";

fn variance_query() -> SelectStatement {
    Query::select()
        .expr_as(Expr::col(("r", "id")), "run_id")
        .expr_as(Expr::col(("r", "task_id")), "task_id")
        .expr_as(Expr::col(("r", "actual_hours")), "actual_hours")
        .expr_as(Expr::col(("t", "estimated_hours")), "task_estimated_hours")
        .expr_as(
            Expr::cust("r.actual_hours - t.estimated_hours"),
            "variance_hours",
        )
        .expr_as(Expr::cust(TASK_VARIANCE_PCT), "variance_pct")
        .from_as(("erp", "execution_runs"), "r")
        .join_as(
            JoinType::LeftJoin,
            ("erp", "tasks"),
            "t",
            Expr::col(("t", "id")).equals(("r", "task_id")),
        )
        .to_owned()
}
