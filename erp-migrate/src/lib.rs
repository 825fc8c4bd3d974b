#![doc = include_str!("../README.md")]

mod error;
mod migrations;
mod schema;

pub use error::Error;
pub use migrations::{DownTarget, MIGRATIONS_TABLE, MigrationStatus, down, status, up};
pub use schema::{
    SCHEMAS, SNAPSHOT, ValidationReport, compare, expected_schema, live_schema, parse_snapshot,
    render_snapshot, validate,
};

/// Every migration of the SDK, embedded at compile time. Services apply it at start-up with
/// [`up`] (or sqlx's own `erp_migrate::MIGRATOR.run(&pool).await`).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
