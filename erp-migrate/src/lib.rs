#![doc = include_str!("../README.md")]

pub mod docs;
mod error;
mod migrations;
pub mod pgvector;
mod schema;

pub use error::Error;
pub use migrations::{
    DownTarget, LOCK_WAIT, MIGRATIONS_TABLE, MigrationStatus, check, down, status, up,
    up_waiting_at_most,
};
pub use schema::{
    SCHEMAS, SNAPSHOT, ValidationReport, compare, counter_drift, expected_schema, live_schema,
    parse_snapshot, rebuild_counters, render_snapshot, validate,
};

/// Every migration of the SDK, embedded at compile time. A deploy step applies it as the schema owner with
/// [`up`] (or `erp-migrate up`); services check it at start-up, under their own roles, with [`check`].
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
