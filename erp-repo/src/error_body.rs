//! What an [`Error`] means to an HTTP service: a stable JSON body, a status code, and whether to retry.

use serde::{Deserialize, Serialize};

use crate::Error;

/// The JSON body of an [`Error`], stable across releases: `code` is one of a fixed set of snake_case
/// words, the other fields are present when the error has them.
///
/// ```
/// use erp_repo::{Error, ErrorBody};
///
/// let err = Error::NotFound { table: "erp.tasks", id: "7".into() };
/// assert_eq!(err.status_code(), 404);
/// assert_eq!(
///     serde_json::to_value(err.body()).unwrap(),
///     serde_json::json!({
///         "code": "not_found", "message": "erp.tasks 7 not found", "table": "erp.tasks", "retryable": false
///     })
/// );
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong, e.g. `not_found`, `check_violation`, `invalid_input` (see [`Error::code`]).
    pub code: String,
    /// A sentence for people; never holds a bound value beyond what the caller sent.
    pub message: String,
    /// The schema-qualified table, e.g. `erp.tasks`.
    pub table: Option<String>,
    /// The column at fault, where PostgreSQL or the constraint name gives it.
    pub column: Option<String>,
    /// The form field or parameter at fault, for input the SDK refused before the database.
    pub field: Option<String>,
    /// The constraint that refused the write.
    pub constraint: Option<String>,
    /// Whether the same call may succeed if sent again (see [`Error::is_retryable`]).
    pub retryable: bool,
}

impl Error {
    /// A stable snake_case word for the kind of error, the `code` of its JSON body.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::UniqueViolation { .. } => "unique_violation",
            Error::ForeignKeyViolation {
                parent_missing: true,
                ..
            } => "missing_reference",
            Error::ForeignKeyViolation { .. } => "still_referenced",
            Error::CheckViolation { .. } => "check_violation",
            Error::NotNullViolation { .. } => "not_null_violation",
            Error::InvalidInput { .. } => "invalid_input",
            Error::ValueTooLarge { .. } => "value_too_large",
            Error::TransactionAborted => "transaction_aborted",
            Error::Timeout => "timeout",
            Error::PermissionDenied { .. } => "permission_denied",
            Error::Unavailable(_) => "unavailable",
            Error::Database(_) if self.is_retryable() => "conflict_retry",
            Error::Database(_) => "database",
        }
    }

    /// The HTTP status a service should answer with; no web framework needed.
    ///
    /// 400 bad input, 403 refused by the role, 404 no such row, 409 a conflict with what is stored
    /// (unique key, a parent still referenced, a serialization conflict), 422 a value the schema refuses
    /// (label, missing parent, NOT NULL), 503 database unavailable, 504 timed out, 500 anything else.
    pub fn status_code(&self) -> u16 {
        match self {
            Error::InvalidInput { .. } | Error::ValueTooLarge { .. } => 400,
            Error::PermissionDenied { .. } => 403,
            Error::NotFound { .. } => 404,
            Error::UniqueViolation { .. } | Error::TransactionAborted => 409,
            Error::ForeignKeyViolation { parent_missing, .. } => {
                if *parent_missing {
                    422
                } else {
                    409
                }
            }
            Error::CheckViolation { .. } | Error::NotNullViolation { .. } => 422,
            Error::Unavailable(_) => 503,
            Error::Timeout => 504,
            Error::Database(_) if self.is_retryable() => 409,
            Error::Database(_) => 500,
        }
    }

    /// Whether sending the same call again may succeed: the database was unreachable, or the
    /// transaction lost a serialization conflict (`40001`) or a deadlock (`40P01`).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Unavailable(_) => true,
            Error::Database(err) => err
                .as_database_error()
                .and_then(|e| e.code())
                .is_some_and(|code| code == "40001" || code == "40P01"),
            _ => false,
        }
    }

    /// The error as its stable JSON body.
    pub fn body(&self) -> ErrorBody {
        let (table, column, field) = match self {
            Error::NotFound { table, .. } => (Some((*table).to_owned()), None, None),
            Error::UniqueViolation { table, .. } => (Some(table.clone()), None, None),
            Error::ForeignKeyViolation { table, column, .. }
            | Error::CheckViolation { table, column, .. } => {
                (Some(table.clone()), column.clone(), None)
            }
            Error::NotNullViolation { table, column } => {
                (Some(table.clone()), Some(column.clone()), None)
            }
            Error::InvalidInput { field, .. } => (None, None, Some(field.clone())),
            Error::ValueTooLarge { table, column, .. } => {
                (Some(table.clone()), column.clone(), None)
            }
            _ => (None, None, None),
        };
        ErrorBody {
            code: self.code().to_owned(),
            message: self.to_string(),
            table: table.filter(|t| !t.is_empty()),
            column,
            field,
            constraint: match self {
                Error::ValueTooLarge { index, .. } => index.clone(),
                _ => self.constraint().map(str::to_owned),
            },
            retryable: self.is_retryable(),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body().serialize(serializer)
    }
}
