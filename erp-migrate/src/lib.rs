//! The `erp` and `agent` schemas as embedded, reversible migrations.

/// Every migration of the SDK, embedded at compile time; run it at service start-up with
/// `erp_migrate::MIGRATOR.run(&pool).await`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
