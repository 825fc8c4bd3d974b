//! The error of every operation of this crate.

use sqlx::migrate::MigrateError;

/// What can go wrong while migrating, reporting or validating the schema.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be reached, or a query of this crate failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),

    /// sqlx's migrator failed, e.g. the SQL of a migration raised an error (nothing of that
    /// migration is kept: each runs in its own transaction).
    #[error("migration failed: {0}")]
    Migrate(#[from] MigrateError),

    /// A migration was applied from a file whose content has changed since: it is never re-run.
    #[error(
        "migration {version} ({description}) was applied with a different checksum: its file has \
         changed since it was applied; refusing to migrate (restore the file, or write a new migration \
         for the change)"
    )]
    ChecksumMismatch {
        /// The version of the changed migration.
        version: i64,
        /// Its description, from the file name.
        description: String,
    },

    /// The database has applied migrations that this binary does not embed (it is older than the
    /// database, or a migration file was removed).
    #[error(
        "the database has applied migration(s) {versions:?} that this binary does not know; refusing to \
         migrate (is this binary older than the database?)"
    )]
    UnknownApplied {
        /// The unknown versions, ascending.
        versions: Vec<i64>,
    },

    /// A migration failed part-way and left its row marked unsuccessful in `_sqlx_migrations`.
    #[error("migration {0} is marked as failed in _sqlx_migrations; repair the database by hand")]
    Dirty(i64),

    /// [`check`](crate::check): migrations this binary embeds are not applied yet (run `erp-migrate up` as
    /// the schema owner, a deploy step).
    #[error("the database is not migrated: pending {}; run `erp-migrate up` as the schema owner", migrations.join(", "))]
    Pending {
        /// The pending migrations, `version (description)`, ascending.
        migrations: Vec<String>,
    },

    /// Another session held the migration lock for longer than the wait allowed.
    #[error("the migration lock is held by {holder}; gave up after {waited:?}")]
    LockTimeout {
        /// How long `up` or `down` waited.
        waited: std::time::Duration,
        /// The holding session(s): pid, user, application, client, connection time and state.
        holder: String,
    },

    /// The URL leads through a transaction pooler (e.g. PgBouncer `pool_mode = transaction`), which hands
    /// each transaction to any server session: the session-level migration lock would not hold, and would
    /// stay behind on a pooled session. Nothing was locked or applied.
    #[error(
        "refusing to migrate through a transaction pooler ({evidence}): the migration lock is \
         session-level; give erp-migrate a direct URL to PostgreSQL (or the pooler's session-mode port)"
    )]
    TransactionPooler {
        /// What showed it, e.g. two connections on one server session.
        evidence: String,
    },

    /// `down --to VERSION` named a version that is not one of the embedded migrations.
    #[error("there is no migration with version {0}")]
    UnknownVersion(i64),
}
