//! The crate's one error type.

use std::path::PathBuf;

use crate::report::{Problem, Report};

/// Everything that can stop a pull or an import.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Coda refused the API token (401 or 403); the token itself is never part of the message.
    #[error("Coda refused the API token ({status}): {message}; check CODA_API_TOKEN")]
    TokenRefused {
        /// The HTTP status, 401 or 403.
        status: u16,
        /// Coda's `message`.
        message: String,
    },
    /// No API token was given.
    #[error("no Coda API token: set CODA_API_TOKEN")]
    MissingToken,
    /// The doc or table does not exist (404), e.g. `doc CxcSmXz318` or `table grid-abc`.
    #[error("Coda does not know {resource}: {message}")]
    NotFound {
        /// What was asked for, e.g. `table grid-abc of doc CxcSmXz318`.
        resource: String,
        /// Coda's `message`.
        message: String,
    },
    /// Coda kept answering 429, 5xx or dropping the connection until the retries ran out.
    #[error("Coda API {path}: gave up after {attempts} attempts, last: {last}")]
    RetriesExhausted {
        /// The request path (no query string, never the token).
        path: String,
        /// How many requests were sent.
        attempts: u32,
        /// The last status or transport error.
        last: String,
    },
    /// Coda answered with another 4xx error.
    #[error("Coda API {path} answered {status}: {message}")]
    Api {
        /// The request path.
        path: String,
        /// The HTTP status.
        status: u16,
        /// Coda's `message`, or the body.
        message: String,
    },
    /// A response was not the JSON the Coda API documents.
    #[error("Coda API {path}: unexpected response: {message}")]
    BadResponse {
        /// The request path, or the pulled file it was read from.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// The HTTP client could not be built or a request could not be sent.
    #[error("HTTP: {0}")]
    Http(String),
    /// A pulled directory or mapping file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The mapping (built-in or `--mapping` file) is invalid.
    #[error("mapping: {0}")]
    Mapping(String),
    /// The database lacks the `coda` schema: the migrations have not been applied.
    #[error("the database has no {0}: apply the migrations first (erp-migrate up)")]
    NotMigrated(String),
    /// Values that cannot be stored; nothing was written. The report lists every one.
    #[error("{}", rejected_message(.problems))]
    Rejected {
        /// Every value that could not be stored (table, row id, column, value, why).
        problems: Vec<Problem>,
        /// The report of the import that was rolled back.
        report: Box<Report>,
    },
    /// A database error outside any one row.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

fn rejected_message(problems: &[Problem]) -> String {
    let mut out = format!(
        "import rolled back, nothing written: {} value(s) cannot be stored",
        problems.len()
    );
    for p in problems.iter().take(20) {
        out.push_str("\n  ");
        out.push_str(&p.to_string());
    }
    if problems.len() > 20 {
        out.push_str(&format!(
            "\n  ... and {} more (see the report)",
            problems.len() - 20
        ));
    }
    out
}
