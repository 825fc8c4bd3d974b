use std::fmt;
use std::sync::Arc;

/// What to do when no server can be had; appended to the set-up errors.
const HINT: &str =
    "install PostgreSQL 15 server binaries (Debian: postgresql-15) or set DATABASE_URL";

/// Why a test database or server could not be provided.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `DATABASE_URL` is unset and no PostgreSQL server binaries were found.
    #[error(
        "no PostgreSQL server binaries found (looked for initdb, pg_ctl and postgres in PATH, \
         `pg_config --bindir` and /usr/lib/postgresql/*/bin): {hint}",
        hint = HINT
    )]
    NoPostgres,

    /// Running as root, where PostgreSQL must run as another OS user, but there is no
    /// `postgres` user.
    #[error(
        "running as root, which PostgreSQL refuses, and there is no `postgres` OS user to run it as: {hint}",
        hint = HINT
    )]
    NoPostgresUser,

    /// A test asked for PgBouncer and the `pgbouncer` program is not installed.
    #[error(
        "pgbouncer not found in PATH, /usr/sbin or /usr/local/sbin: install it (Debian: pgbouncer)"
    )]
    NoPgBouncer,

    /// `initdb` or `pg_ctl` failed; carries their output and the tail of the server log.
    #[error(
        "could not {step} the throwaway PostgreSQL server: {output}\n\
         --- server log (tail) ---\n{log_tail}\n--- end of log ---\n{hint}",
        hint = HINT
    )]
    Server {
        /// What was being done, e.g. `start`.
        step: &'static str,
        /// What the failing program printed.
        output: String,
        /// The last lines of the server log, if there is one.
        log_tail: String,
    },

    /// A replica operation was asked of a [`crate::TestServer`] started without one.
    #[error("this test server has no replica: start it with TestServer::with_replica")]
    NoReplica,

    /// The replica did not replay the primary's WAL up to `lsn` within 30 s.
    #[error("the replica did not catch up with the primary (WAL position {lsn}) within 30 s")]
    ReplicaBehind {
        /// The primary's WAL position it was waited for.
        lsn: String,
    },

    /// An operating-system call failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// `DATABASE_URL` could not be parsed as a PostgreSQL URL.
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    InvalidUrl(#[source] sqlx::Error),

    /// A statement against the server failed.
    #[error("{context}: {source}")]
    Sql {
        /// What was being done.
        context: &'static str,
        /// The underlying error.
        #[source]
        source: sqlx::Error,
    },

    /// Applying `erp_migrate::MIGRATOR` to the template database failed.
    #[error("migrating the template database failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    /// The once-per-process set-up (server start or template) failed earlier; every
    /// later test gets the same error.
    #[error("{0}")]
    Setup(#[source] Arc<Error>),

    /// The once-per-process set-up panicked.
    #[error("the erp-testkit set-up thread panicked")]
    SetupPanicked,
}

// Tests print errors with `{:?}` (`expect`, `-> Result`); show the readable message and the
// server log rather than a struct dump.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Error {
    pub(crate) fn io(context: &'static str) -> impl FnOnce(std::io::Error) -> Error {
        move |source| Error::Io { context, source }
    }

    pub(crate) fn sql(context: &'static str) -> impl FnOnce(sqlx::Error) -> Error {
        move |source| Error::Sql { context, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_up_errors_say_what_to_install_or_set() {
        for e in [Error::NoPostgres, Error::NoPostgresUser] {
            assert!(e.to_string().contains(HINT), "{e}");
        }
        let start = Error::Server {
            step: "start",
            output: "pg_ctl: could not start server".into(),
            log_tail: "FATAL:  could not bind".into(),
        };
        let shown = format!("{start:?}");
        assert!(
            shown.contains("FATAL:  could not bind") && shown.contains(HINT),
            "{shown}"
        );
    }
}
