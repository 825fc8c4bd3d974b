//! `erp.execution_runs`: work-session telemetry, logged idempotently on its natural key.

use chrono::{DateTime, Utc};
use erp_model::{
    EngagementId, ExecutionRun, ExecutionRunId, ExecutionRunInsertForm, ExecutionRunUpdateForm,
    PersonId, ProcessTemplateId, ProjectId, RunStatus, RunType, TaskId, WorkflowId,
};
use rust_decimal::Decimal;
use sea_query::{
    Asterisk, CommonTableExpression, Condition, Expr, ExprTrait, InsertStatement, JoinType,
    OnConflict, Order, Query, SelectStatement, UnionType, WithClause,
};
use serde::Serialize;
use sqlx::{Acquire, AssertSqlSafe, FromRow, PgConnection, PgExecutor};

use crate::crud::{self, Table, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::ExecutionRuns as Col;
use crate::{Error, Result};

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

/// The run [`ExecutionRuns::log_run`] stored or found, and which of the two happened.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct LoggedRun {
    /// The run as stored.
    #[sqlx(flatten)]
    pub run: ExecutionRun,
    /// `true` when this call inserted it, `false` when the session was already logged.
    pub created: bool,
}

/// What [`ExecutionRuns::ingest_runs`] did with a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct IngestReport {
    /// Runs inserted.
    pub inserted: u64,
    /// Runs already stored (or repeated within the batch) and left alone.
    pub skipped: u64,
}

/// A run's hours against the estimate of the task it worked on (seed 001's `variance_vs_estimate`).
#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
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

/// Rows per ingest statement: unnest binds one array per column (16 parameters whatever the row count),
/// so this only bounds the size of one message and of one statement's work.
const INGEST_CHUNK_ROWS: usize = 10_000;

/// How often [`ExecutionRuns::log_run`] looks again for a run that a concurrent caller stored and
/// another deleted in between; in practice the first retry always finds it.
const LOG_ATTEMPTS: usize = 3;

/// What makes a logged run the same session as one already stored.
enum RunKey<'a> {
    /// Seed 000's natural key: the task and the start of the session.
    Session(TaskId, DateTime<Utc>),
    /// A run without a task, known by its external identifier.
    Identifier(&'a str),
}

impl RunKey<'_> {
    fn of(form: &ExecutionRunInsertForm) -> Result<Option<RunKey<'_>>> {
        Ok(
            match (
                form.task_id,
                form.started_at,
                form.run_identifier.as_deref(),
            ) {
                (Some(task), Some(started), _) => Some(RunKey::Session(task, started)),
                (Some(_), None, _) => {
                    return Err(Error::invalid(
                        "started_at",
                        "a run of a task needs its start: (task_id, started_at) is the run's natural key",
                    ));
                }
                (None, _, Some(identifier)) => Some(RunKey::Identifier(identifier)),
                (None, _, None) => None,
            },
        )
    }

    fn columns(&self) -> Vec<&'static str> {
        match self {
            RunKey::Session(..) => vec!["task_id", "started_at"],
            RunKey::Identifier(_) => vec!["run_identifier"],
        }
    }

    fn condition(&self) -> Result<Condition> {
        Ok(match self {
            RunKey::Session(task, started) => Condition::all()
                .add(Expr::col("task_id").eq(field("task_id", task)?))
                .add(Expr::col("started_at").eq(field("started_at", started)?)),
            RunKey::Identifier(identifier) => Condition::all()
                .add(Expr::col("run_identifier").eq(field("run_identifier", *identifier)?)),
        })
    }
}

impl ExecutionRuns {
    /// Logs a work session idempotently: inserts the run, or returns the one already stored for the same
    /// session with `created: false`, never a duplicate, also under concurrent callers.
    ///
    /// The session is known by its natural key `(task_id, started_at)`, which then needs `started_at`
    /// ([`Error::InvalidInput`] otherwise). A run without a task is known by its `run_identifier` when
    /// set; a run with neither has no key and is always inserted. A run whose key is new but whose
    /// `run_identifier` belongs to another run fails with [`Error::UniqueViolation`].
    pub async fn log_run(
        conn: &mut PgConnection,
        form: &ExecutionRunInsertForm,
    ) -> Result<LoggedRun> {
        let Some(key) = RunKey::of(form)? else {
            let run = Self::insert(conn, form).await?;
            return Ok(LoggedRun { run, created: true });
        };
        let mut insert = insert_statement(form)?;
        insert.on_conflict(OnConflict::columns(key.columns()).do_nothing().to_owned());
        let stored = select::<Self>().cond_where(key.condition()?).to_owned();
        // One statement: insert, or else read the stored run. No write on a repeat (updated_at and the
        // row stay as they are, unlike an ON CONFLICT DO UPDATE), and no lock beyond the insert's own.
        let fresh = Query::select()
            .column(("ins", Asterisk))
            .expr_as(Expr::cust("TRUE"), "created")
            .from("ins")
            .union(
                UnionType::All,
                stored
                    .clone()
                    .expr_as(Expr::cust("FALSE"), "created")
                    .and_where(Expr::cust("NOT EXISTS (SELECT 1 FROM ins)"))
                    .to_owned(),
            )
            .to_owned();
        let mut with = WithClause::new();
        with.cte(
            CommonTableExpression::new()
                .query(insert)
                .table_name("ins")
                .to_owned(),
        );
        let stmt = with.query(fresh);
        for _ in 0..LOG_ATTEMPTS {
            if let Some(logged) = crud::fetch_optional::<LoggedRun, _>(&mut *conn, &stmt).await? {
                return Ok(logged);
            }
            // No row: a concurrent caller committed the same session after this statement's snapshot was
            // taken (ON CONFLICT waited for it, the snapshot cannot see it). A new statement takes a new
            // snapshot under READ COMMITTED and sees it; under REPEATABLE READ PostgreSQL already failed
            // the insert with a serialization error instead.
            if let Some(run) = crud::fetch_optional::<ExecutionRun, _>(&mut *conn, &stored).await? {
                return Ok(LoggedRun {
                    run,
                    created: false,
                });
            }
        }
        Err(Error::NotFound {
            table: Self::QUALIFIED,
            id: match key {
                RunKey::Session(task, started) => format!("(task {task}, started {started})"),
                RunKey::Identifier(identifier) => format!("(run_identifier {identifier})"),
            },
        })
    }

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
    pub async fn finish_run(
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
                table: Self::NAME.to_owned(),
                column: Some("ended_at".to_owned()),
            }),
        }
    }

    /// Ingests a batch of runs idempotently, in one statement per 10,000 runs, atomically: a run whose
    /// session (or run identifier) is already stored, or repeated within the batch, is skipped.
    ///
    /// A run of a task needs `started_at` (its natural key), as in [`ExecutionRuns::log_run`].
    pub async fn ingest_runs(
        conn: &mut PgConnection,
        forms: &[ExecutionRunInsertForm],
    ) -> Result<IngestReport> {
        for (i, form) in forms.iter().enumerate() {
            // The same checks as a plain insert, with the row named.
            let named = |e: Error| match e {
                Error::InvalidInput { field, reason } => {
                    Error::invalid(field, format!("run {i} of the batch: {reason}"))
                }
                other => other,
            };
            Self::insert_values(form).map_err(named)?;
            RunKey::of(form).map_err(named)?;
        }
        // Columns with a database default (NOT NULL) are left out of a statement whose runs do not set
        // them, so the default stays the schema's; runs are grouped by which of them they set.
        let mut groups: Vec<(u8, Vec<&ExecutionRunInsertForm>)> = Vec::new();
        for form in forms {
            let mask = defaulted_mask(form);
            match groups.iter_mut().find(|(m, _)| *m == mask) {
                Some((_, group)) => group.push(form),
                None => groups.push((mask, vec![form])),
            }
        }
        let mut tx = conn.begin().await?;
        let mut inserted = 0;
        for (mask, group) in &groups {
            for chunk in group.chunks(INGEST_CHUNK_ROWS) {
                inserted += ingest_chunk(&mut tx, *mask, chunk).await?;
            }
        }
        tx.commit().await?;
        Ok(IngestReport {
            inserted,
            skipped: forms.len() as u64 - inserted,
        })
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

/// `INSERT INTO erp.execution_runs (...) VALUES (...) RETURNING *` for one form.
fn insert_statement(form: &ExecutionRunInsertForm) -> Result<InsertStatement> {
    let mut stmt = Query::insert();
    stmt.into_table((ExecutionRuns::SCHEMA, ExecutionRuns::NAME))
        .returning_all();
    let (columns, values): (Vec<_>, Vec<_>) = ExecutionRuns::insert_values(form)?
        .into_iter()
        .filter_map(|(c, v)| v.map(|v| (c, v)))
        .unzip();
    if columns.is_empty() {
        stmt.or_default_values();
    } else {
        stmt.columns(columns);
        stmt.values(values)
            .map_err(|e| Error::invalid(ExecutionRuns::QUALIFIED, e.to_string()))?;
    }
    Ok(stmt)
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

/// The NOT NULL columns with a default, in ingest order, with their array types.
const DEFAULTED: [(&str, &str); 4] = [
    ("run_type", "text[]"),
    ("started_at", "timestamptz[]"),
    ("status", "text[]"),
    ("metadata", "jsonb[]"),
];

/// The nullable columns without a default, always ingested (a NULL is what the database would store).
const NULLABLE: [(&str, &str); 12] = [
    ("workflow_id", "bigint[]"),
    ("process_template_id", "bigint[]"),
    ("task_id", "bigint[]"),
    ("project_id", "bigint[]"),
    ("engagement_id", "bigint[]"),
    ("executed_by", "bigint[]"),
    ("session_id", "bigint[]"),
    ("ended_at", "timestamptz[]"),
    ("estimated_hours", "numeric[]"),
    ("actual_hours", "numeric[]"),
    ("outcome_notes", "text[]"),
    ("run_identifier", "text[]"),
];

/// Which of [`DEFAULTED`] a form sets, one bit each.
fn defaulted_mask(form: &ExecutionRunInsertForm) -> u8 {
    [
        form.run_type.is_some(),
        form.started_at.is_some(),
        form.status.is_some(),
        form.metadata.is_some(),
    ]
    .iter()
    .enumerate()
    .fold(0, |mask, (bit, set)| mask | (u8::from(*set) << bit))
}

/// One `INSERT ... SELECT * FROM unnest(...) ON CONFLICT DO NOTHING` for runs that set the same defaulted
/// columns; returns how many it inserted.
async fn ingest_chunk(
    conn: &mut PgConnection,
    mask: u8,
    chunk: &[&ExecutionRunInsertForm],
) -> Result<u64> {
    let columns: Vec<(&str, &str)> = NULLABLE
        .iter()
        .copied()
        .chain(
            DEFAULTED
                .iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, c)| *c),
        )
        .collect();
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let arrays: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, ty))| format!("${}::{ty}", i + 1))
        .collect();
    // Raw SQL because sea-query cannot express INSERT ... SELECT FROM unnest(arrays): built only from the
    // static column names and types above, every value bound as one array per column.
    let sql = format!(
        "INSERT INTO erp.execution_runs ({}) SELECT * FROM unnest({}) ON CONFLICT DO NOTHING",
        names.join(", "),
        arrays.join(", ")
    );
    let ids = |f: fn(&ExecutionRunInsertForm) -> Option<i64>| {
        chunk.iter().map(|r| f(r)).collect::<Vec<_>>()
    };
    let mut query = sqlx::query(AssertSqlSafe(sql))
        .bind(ids(|r| r.workflow_id.map(|i| i.0)))
        .bind(ids(|r| r.process_template_id.map(|i| i.0)))
        .bind(ids(|r| r.task_id.map(|i| i.0)))
        .bind(ids(|r| r.project_id.map(|i| i.0)))
        .bind(ids(|r| r.engagement_id.map(|i| i.0)))
        .bind(ids(|r| r.executed_by.map(|i| i.0)))
        .bind(ids(|r| r.session_id))
        .bind(chunk.iter().map(|r| r.ended_at).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.estimated_hours).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.actual_hours).collect::<Vec<_>>())
        .bind(
            chunk
                .iter()
                .map(|r| r.outcome_notes.as_deref())
                .collect::<Vec<_>>(),
        )
        .bind(
            chunk
                .iter()
                .map(|r| r.run_identifier.as_deref())
                .collect::<Vec<_>>(),
        );
    if mask & 1 != 0 {
        query = query.bind(
            chunk
                .iter()
                .map(|r| r.run_type.map(RunType::label))
                .collect::<Vec<_>>(),
        );
    }
    if mask & 2 != 0 {
        query = query.bind(chunk.iter().map(|r| r.started_at).collect::<Vec<_>>());
    }
    if mask & 4 != 0 {
        query = query.bind(
            chunk
                .iter()
                .map(|r| r.status.map(RunStatus::label))
                .collect::<Vec<_>>(),
        );
    }
    if mask & 8 != 0 {
        query = query.bind(chunk.iter().map(|r| r.metadata.clone()).collect::<Vec<_>>());
    }
    Ok(query.execute(conn).await?.rows_affected())
}
