//! The SDK's entry point: a connection pool with the settings the repositories expect.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use crate::error::{Error, Result};

/// The oldest PostgreSQL the schema supports.
pub const MIN_SERVER_VERSION: i32 = 150_000;

/// How to connect: pool size, statement timeout, and whether to ping on every checkout.
#[derive(Debug, Clone)]
pub struct DbOptions {
    /// Most connections the pool opens.
    pub max_connections: u32,
    /// Statements running longer fail with [`Error::Timeout`]; `None` for no limit.
    pub statement_timeout: Option<Duration>,
    /// How long a call waits for a free connection before [`Error::Unavailable`].
    pub acquire_timeout: Duration,
    /// Ping each connection when it leaves the pool (one extra round trip per call; off by default).
    pub test_before_acquire: bool,
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            max_connections: 10,
            statement_timeout: None,
            acquire_timeout: Duration::from_secs(5),
            test_before_acquire: false,
        }
    }
}

/// A pool of connections to the ERP database; cheap to clone, share it across tasks.
#[derive(Debug, Clone)]
pub struct Db {
    pool: PgPool,
}

impl Db {
    /// Connects with default options and checks the server version.
    pub async fn connect(url: &str) -> Result<Db> {
        Db::connect_with(url, &DbOptions::default()).await
    }

    /// Connects with `options` and checks the server is PostgreSQL 15 or newer.
    pub async fn connect_with(url: &str, options: &DbOptions) -> Result<Db> {
        let mut connect: PgConnectOptions = url
            .parse()
            .map_err(|e: sqlx::Error| Error::invalid("url", e.to_string()))?;
        if let Some(timeout) = options.statement_timeout {
            connect = connect.options([("statement_timeout", timeout.as_millis().to_string())]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .test_before_acquire(options.test_before_acquire)
            .connect_with(connect)
            .await?;
        let db = Db { pool };
        db.check_server_version().await?;
        Ok(db)
    }

    /// Wraps an existing pool.
    pub fn new(pool: PgPool) -> Db {
        Db { pool }
    }

    /// The pool, to pass to any repository call.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Starts a transaction; pass `&mut *tx` to repository calls, then commit (dropping rolls back).
    pub async fn begin(&self) -> Result<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }

    /// Fails with [`Error::InvalidInput`] unless the server is PostgreSQL 15 or newer.
    pub async fn check_server_version(&self) -> Result<()> {
        let version: String = sqlx::query_scalar("SELECT current_setting('server_version_num')")
            .fetch_one(&self.pool)
            .await?;
        let version: i32 = version.parse().unwrap_or(0);
        if version < MIN_SERVER_VERSION {
            return Err(Error::invalid(
                "server_version",
                format!("PostgreSQL 15 or newer is required, found {version}"),
            ));
        }
        Ok(())
    }
}
