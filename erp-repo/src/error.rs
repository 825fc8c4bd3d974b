//! The one error type of the repositories, mapped from SQLSTATE and constraint names.

use sqlx::error::{DatabaseError, ErrorKind};
use sqlx::postgres::PgDatabaseError;

/// Shorthand for results of repository calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a repository call can fail with; match on it instead of parsing messages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No row of `table` has this id (or global id, or key).
    #[error("{table} {id} not found")]
    NotFound {
        /// Schema-qualified table, e.g. `erp.tasks`.
        table: &'static str,
        /// The id that was looked up, as text.
        id: String,
    },
    /// A unique constraint or index rejected the write.
    #[error("unique violation: {constraint} on {table}")]
    UniqueViolation {
        /// The constraint or unique index, e.g. `execution_runs_task_id_started_at_key`.
        constraint: String,
        /// The table written to, schema-qualified.
        table: String,
    },
    /// A foreign key rejected the write: the referenced row does not exist (an insert or update of the
    /// child), or rows still refer to it (a delete or key change of the parent).
    #[error("foreign key violation: {constraint} on {table}{}", if *.parent_missing { " (the referenced row does not exist)" } else { " (rows still refer to it)" })]
    ForeignKeyViolation {
        /// The constraint, e.g. `tasks_project_id_fkey`.
        constraint: String,
        /// The table holding the foreign key, schema-qualified.
        table: String,
        /// The referencing column, from the constraint name `<table>_<column>_fkey`.
        column: Option<String>,
        /// `true` when the referenced (parent) row is missing; `false` when the parent is still referenced.
        parent_missing: bool,
    },
    /// A CHECK constraint rejected the write (a wrong label, negative hours, ended before started ...).
    #[error("check violation: {constraint} on {table}{}", column.as_deref().map(|c| format!(" (column {c})")).unwrap_or_default())]
    CheckViolation {
        /// The constraint, e.g. `workflows_automation_status_check`.
        constraint: String,
        /// The table written to, schema-qualified.
        table: String,
        /// The guarded column, from the constraint name `<table>_<column>_check`.
        column: Option<String>,
    },
    /// A required column was given NULL.
    #[error("not-null violation: column {column} of {table}")]
    NotNullViolation {
        /// The table written to, schema-qualified.
        table: String,
        /// The column left NULL.
        column: String,
    },
    /// A value too large for a btree index of `table` (PostgreSQL indexes at most about 2,700 bytes of a
    /// row, a third of a page): shorten it, or index a hash of it.
    #[error("value too large for {} on {table}{}", index.as_deref().map(|i| format!("index {i}")).unwrap_or_else(|| "an index".to_owned()), column.as_deref().map(|c| format!(" (column {c})")).unwrap_or_default())]
    ValueTooLarge {
        /// The table written to, schema-qualified.
        table: String,
        /// The index that cannot hold the value, e.g. `people_email_key`; `None` for a value past any
        /// index's 8 kB (PostgreSQL then names neither index nor table; the SDK's call names the table).
        index: Option<String>,
        /// The indexed column, from the index name `<table>_<column>_key` or `_idx`.
        column: Option<String>,
    },
    /// The input was rejected: before reaching the database (naming the form's field), or by
    /// PostgreSQL as a value its column's type cannot hold (naming the column where PostgreSQL does).
    #[error("invalid input for {field}: {reason}")]
    InvalidInput {
        /// The column, parameter or field at fault.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A statement of the transaction failed earlier, so PostgreSQL rolled all of it back at commit:
    /// nothing of it was written.
    #[error("the transaction was rolled back: a statement in it had failed")]
    TransactionAborted,
    /// A statement ran past its timeout (`statement_timeout`) and was cancelled.
    #[error("statement timed out")]
    Timeout,
    /// The role in use may not do this.
    #[error("permission denied: {message}")]
    PermissionDenied {
        /// PostgreSQL's message, naming the object.
        message: String,
    },
    /// The database could not be reached (server down, restarting, or the pool exhausted).
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

impl Error {
    /// An input error naming the field at fault.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Names `table` in an error PostgreSQL raised without one (a value too large for any index).
    pub(crate) fn on_table(mut self, qualified: &str) -> Self {
        if let Error::ValueTooLarge { table, .. } = &mut self
            && table.is_empty()
        {
            *table = qualified.to_owned();
        }
        self
    }

    /// The constraint behind a unique, foreign-key or check violation.
    pub fn constraint(&self) -> Option<&str> {
        match self {
            Error::UniqueViolation { constraint, .. }
            | Error::ForeignKeyViolation { constraint, .. }
            | Error::CheckViolation { constraint, .. } => Some(constraint),
            _ => None,
        }
    }
}

/// The column a CHECK guards, by the schema's naming rule `<table>_<column>_check`.
fn checked_column(table: &str, constraint: &str) -> Option<String> {
    named_column(table, constraint, "_check")
}

/// The column in a constraint named `<table>_<column><suffix>`.
fn named_column(table: &str, constraint: &str, suffix: &str) -> Option<String> {
    constraint
        .strip_prefix(table)?
        .strip_prefix('_')?
        .strip_suffix(suffix)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        let Some(pg) = err
            .as_database_error()
            .and_then(|e| e.try_downcast_ref::<PgDatabaseError>())
        else {
            return match err {
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed
                | sqlx::Error::Tls(_) => Error::Unavailable(err),
                other => Error::Database(other),
            };
        };
        let constraint = pg.constraint().unwrap_or_default().to_owned();
        let bare = pg.table().unwrap_or_default();
        // Schema-qualified, as NotFound writes it: `erp.tasks`.
        let table = match pg.schema() {
            Some(schema) if !bare.is_empty() => format!("{schema}.{bare}"),
            _ => bare.to_owned(),
        };
        // The integrity violations through sqlx's kind(); the rest by SQLSTATE, which sqlx does not classify.
        match pg.kind() {
            ErrorKind::UniqueViolation => return Error::UniqueViolation { constraint, table },
            ErrorKind::ForeignKeyViolation => {
                return Error::ForeignKeyViolation {
                    column: named_column(bare, &constraint, "_fkey"),
                    // PostgreSQL's detail says "... is still referenced from table ..." when the parent goes.
                    parent_missing: !pg
                        .detail()
                        .is_some_and(|d| d.contains("is still referenced")),
                    constraint,
                    table,
                };
            }
            ErrorKind::CheckViolation => {
                let column = checked_column(bare, &constraint);
                return Error::CheckViolation {
                    constraint,
                    table,
                    column,
                };
            }
            ErrorKind::NotNullViolation => {
                return Error::NotNullViolation {
                    table,
                    column: pg.column().unwrap_or_default().to_owned(),
                };
            }
            _ => {}
        }
        match pg.code() {
            // in_failed_sql_transaction: an earlier statement of the transaction failed.
            "25P02" => Error::TransactionAborted,
            // query_canceled: raised by statement_timeout (and by explicit cancels).
            "57014" => Error::Timeout,
            "42501" => Error::PermissionDenied {
                message: pg.message().to_owned(),
            },
            // program_limit_exceeded with a constraint: btree's "index row size ... exceeds ... maximum",
            // which names the table and the index (errtableconstraint); without: "index row requires ...
            // bytes, maximum size is 8191", which names nothing (the SDK's call adds its table).
            "54000" if pg.message().starts_with("index row") || !constraint.is_empty() => {
                Error::ValueTooLarge {
                    column: named_column(bare, &constraint, "_key")
                        .or_else(|| named_column(bare, &constraint, "_idx")),
                    index: (!constraint.is_empty()).then_some(constraint),
                    table,
                }
            }
            // Invalid text for the column's type or encoding, a value out of the type's range, a NUL
            // escape in jsonb (22P05): the SDK refuses these before writing where it can, naming the
            // field; what still reaches the database names the column when PostgreSQL gives one,
            // else the table.
            "22P02" | "22021" | "22007" | "22008" | "22003" | "22P05" => Error::InvalidInput {
                field: pg
                    .column()
                    .map(str::to_owned)
                    .or_else(|| (!table.is_empty()).then(|| table.clone()))
                    .unwrap_or_else(|| "value".to_owned()),
                reason: pg.message().to_owned(),
            },
            // admin_shutdown, crash_shutdown, cannot_connect_now: the server is going away or starting.
            "57P01" | "57P02" | "57P03" => Error::Unavailable(err),
            _ => Error::Database(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::checked_column;

    #[test]
    fn check_constraint_names_give_their_column() {
        assert_eq!(
            checked_column("workflows", "workflows_automation_status_check").as_deref(),
            Some("automation_status")
        );
        assert_eq!(
            checked_column("execution_runs", "execution_runs_ended_at_check").as_deref(),
            Some("ended_at")
        );
        assert_eq!(checked_column("tasks", "projects_status_check"), None);
    }
}
