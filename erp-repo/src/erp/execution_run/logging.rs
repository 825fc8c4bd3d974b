//! Idempotent logging of one run on its natural key: [`ExecutionRuns::log_run`].

use chrono::{DateTime, Utc};
use erp_model::{ExecutionRun, ExecutionRunInsertForm, TaskId};
use sea_query::{
    Asterisk, CommonTableExpression, Condition, Expr, ExprTrait, InsertStatement, OnConflict,
    Query, UnionType, WithClause,
};
use sqlx::{Acquire, PgConnection, Postgres};

use super::ExecutionRuns;
use crate::crud::{self, Table, field, select};
use crate::{Error, Result};
pub use erp_model::LoggedRun;

/// How often [`ExecutionRuns::log_run`] looks again for a run that a concurrent caller stored and
/// another deleted in between; in practice the first retry always finds it.
const LOG_ATTEMPTS: usize = 3;

/// What makes a logged run the same session as one already stored.
pub(super) enum RunKey<'a> {
    /// Seed 000's natural key: the task and the start of the session.
    Session(TaskId, DateTime<Utc>),
    /// A run without a task, known by its external identifier.
    Identifier(&'a str),
}

impl RunKey<'_> {
    pub(super) fn of(form: &ExecutionRunInsertForm) -> Result<Option<RunKey<'_>>> {
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
    pub fn log_run<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        form: &ExecutionRunInsertForm,
    ) -> impl Future<Output = Result<LoggedRun>> + Send {
        crate::crud::traced_op(Self::TABLE, "log_run", async move {
            let mut held = db.acquire().await?;
            Self::log_run_on(&mut held, form).await
        })
    }

    async fn log_run_on(
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
