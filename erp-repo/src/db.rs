//! The SDK's entry point: a connection pool with the settings the repositories expect.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use crate::error::{Error, Result};
use crate::isolation::{self, ClaimKey};
use crate::macros::transaction_connection;
use crate::replica::{Replica, ReplicaHealth};

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
    /// The key that signs client claims, for [`Db::begin_as_client`]; `None` (the default) leaves
    /// per-client work unavailable. Usually [`ClaimKey::from_env`].
    pub client_claim_key: Option<ClaimKey>,
    /// The key page cursors are signed with, for the whole process (see [`crate::page::set_cursor_key`]);
    /// `None` keeps the current one (random per process unless set).
    pub cursor_key: Option<crate::page::CursorSecret>,
    /// The URL is a transaction pooler's (PgBouncer `pool_mode = transaction`): sqlx's statement cache off
    /// and the SDK's statements unnamed (see [`crate::pooler`]); set by [`DbOptions::for_transaction_pooler`].
    pub transaction_pooler: bool,
    /// A streaming read replica of the same database, for [`Db::reader`]; `None` (the default): every read
    /// goes to the primary. Connected lazily, so a replica that is down does not stop the service starting.
    pub replica_url: Option<String>,
    /// How far behind the primary the replica may be for [`Db::reader`] to use it (default 5 s).
    pub replica_max_lag: Duration,
    /// How often [`Db::reader`] checks the replica's health and lag (default 1 s; zero: on every call).
    pub replica_check_interval: Duration,
}

impl DbOptions {
    /// Options for a URL through a transaction pooler (PgBouncer 1.18 and later in `pool_mode =
    /// transaction`): no statement cache, unnamed statements (for the whole process), and no start-up
    /// `options` (PgBouncer refuses them: set `statement_timeout` on the role instead, `ALTER ROLE ... SET`).
    ///
    /// Run every call in a transaction ([`Db::begin`], [`Db::begin_as_client`]), reads too: outside one, the
    /// pooler may hand the second half of a statement to another server session. Migrations cannot go
    /// through it: `erp_migrate::up` refuses a transaction pooler; give it a direct URL.
    pub fn for_transaction_pooler(self) -> DbOptions {
        DbOptions {
            transaction_pooler: true,
            ..self
        }
    }
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            max_connections: 10,
            statement_timeout: None,
            acquire_timeout: Duration::from_secs(5),
            test_before_acquire: false,
            client_claim_key: None,
            cursor_key: None,
            transaction_pooler: false,
            replica_url: None,
            replica_max_lag: Duration::from_secs(5),
            replica_check_interval: Duration::from_secs(1),
        }
    }
}

/// A pool of connections to the ERP database; cheap to clone, share it across tasks.
#[derive(Debug, Clone)]
pub struct Db {
    pool: PgPool,
    client_claim_key: Option<ClaimKey>,
    replica: Option<Arc<Replica>>,
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
        if options.transaction_pooler {
            if options.statement_timeout.is_some() {
                return Err(Error::invalid(
                    "statement_timeout",
                    "a transaction pooler refuses start-up options: set statement_timeout on the role \
                     (ALTER ROLE ... SET statement_timeout) instead",
                ));
            }
            // The cache holds named statements, which another session of the pooler does not have.
            connect = connect.statement_cache_capacity(0);
            crate::pooler::use_unnamed_statements();
        }
        if let Some(timeout) = options.statement_timeout {
            connect = connect.options([("statement_timeout", timeout.as_millis().to_string())]);
        }
        if let Some(key) = &options.cursor_key {
            crate::page::set_cursor_key(key);
        }
        let replica = match &options.replica_url {
            Some(url) => {
                let mut replica: PgConnectOptions = url
                    .parse()
                    .map_err(|e: sqlx::Error| Error::invalid("replica_url", e.to_string()))?;
                if let Some(timeout) = options.statement_timeout {
                    replica =
                        replica.options([("statement_timeout", timeout.as_millis().to_string())]);
                }
                if options.transaction_pooler {
                    replica = replica.statement_cache_capacity(0);
                }
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(options.acquire_timeout)
                    .test_before_acquire(options.test_before_acquire)
                    .connect_lazy_with(replica);
                Some(Arc::new(Replica::new(
                    pool,
                    options.replica_max_lag,
                    options.replica_check_interval,
                )))
            }
            None => None,
        };
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .test_before_acquire(options.test_before_acquire)
            .connect_with(connect)
            .await?;
        let db = Db {
            pool,
            client_claim_key: options.client_claim_key.clone(),
            replica,
        };
        db.check_server_version().await?;
        Ok(db)
    }

    /// Wraps an existing pool.
    pub fn new(pool: PgPool) -> Db {
        Db {
            pool,
            client_claim_key: None,
            replica: None,
        }
    }

    /// The same primary, reading stale-tolerant calls from `replica` (a pool on a streaming standby of
    /// the same database) while it is at most `max_lag` behind; checked at most once a second.
    pub fn with_replica(self, replica: PgPool, max_lag: Duration) -> Db {
        Db {
            replica: Some(Arc::new(Replica::new(
                replica,
                max_lag,
                Duration::from_secs(1),
            ))),
            ..self
        }
    }

    /// Where stale-tolerant reads go: the replica's pool while its last check found it up and within
    /// [`DbOptions::replica_max_lag`], else the primary's (always the primary without a replica).
    ///
    /// For reads that may be a little behind: lists, boards, performance, recall, reports, outside a
    /// transaction. Writes, reads inside a transaction, and reads that must see a write of the same unit of
    /// work go to [`Db::pool`] (the primary), as does any caller that wants to force it. A read the replica
    /// fails mid-way (it went down after its check) may be retried on [`Db::pool`].
    pub async fn reader(&self) -> &PgPool {
        match &self.replica {
            Some(replica) => replica.pick(&self.pool).await,
            None => &self.pool,
        }
    }

    /// What the last check of the replica found; `None` without a replica.
    pub fn replica_health(&self) -> Option<ReplicaHealth> {
        self.replica.as_ref().map(|r| r.health())
    }

    /// Checks the replica now (health and lag), without changing where [`Db::reader`] sends reads until
    /// its next check; `None` without a replica.
    pub async fn check_replica(&self) -> Option<ReplicaHealth> {
        Some(self.replica.as_ref()?.check(&self.pool).await)
    }

    /// How many [`Db::reader`] calls fell back to the primary because the replica was down, lagging or not
    /// yet checked, since this `Db` was made.
    pub fn replica_fallbacks(&self) -> u64 {
        self.replica.as_ref().map_or(0, |r| r.fallbacks())
    }

    /// The replica's own pool, whatever its health (e.g. to measure it); `None` without a replica.
    pub fn replica_pool(&self) -> Option<&PgPool> {
        self.replica.as_ref().map(|r| r.pool())
    }

    /// The same pool, signing client claims with `key`.
    pub fn with_client_claim_key(self, key: ClaimKey) -> Db {
        Db {
            client_claim_key: Some(key),
            ..self
        }
    }

    /// The primary's pool, to pass to any repository call: writes, transactions, reads that must be current.
    /// Stale-tolerant reads may use [`Db::reader`] instead.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Starts a transaction; pass `&mut *tx` to repository calls, then commit (dropping rolls back).
    pub async fn begin(&self) -> Result<Tx> {
        Tx::begin(&self.pool).await
    }

    /// Starts a transaction acting for `client_id`, signed with [`DbOptions::client_claim_key`] (see
    /// [`isolation::begin_as_client`]).
    pub async fn begin_as_client(&self, client_id: &str) -> Result<crate::ClientTx> {
        let key = self.client_claim_key.as_ref().ok_or_else(|| {
            Error::invalid(
                "client_claim_key",
                "no key to sign client claims: set DbOptions::client_claim_key",
            )
        })?;
        isolation::begin_as_client(&self.pool, key, client_id).await
    }

    /// Fails with [`Error::InvalidInput`] unless the server is PostgreSQL 15 or newer.
    pub async fn check_server_version(&self) -> Result<()> {
        let version: String = sqlx::query_scalar("SELECT current_setting('server_version_num')")
            .persistent(crate::pooler::named_statements())
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

/// A transaction of the SDK: pass `&mut *tx` to repository calls, then [`commit`](Tx::commit); dropping
/// it rolls back.
///
/// Unlike a bare sqlx transaction, `commit` fails with [`Error::TransactionAborted`] when a statement of
/// the transaction failed: PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, and sqlx
/// reports that as success, so writes that each returned Ok would be silently lost.
#[derive(Debug)]
pub struct Tx {
    inner: Transaction<'static, Postgres>,
}

impl Tx {
    /// Begins a transaction on a connection of `pool`.
    pub async fn begin(pool: &PgPool) -> Result<Tx> {
        Ok(Tx {
            inner: pool.begin().await?,
        })
    }

    /// Commits; [`Error::TransactionAborted`] (and a rollback) if a statement of it had failed.
    pub async fn commit(mut self) -> Result<()> {
        // One round trip to ask: an aborted transaction refuses any statement with 25P02.
        let probe = sqlx::query("SELECT 1").persistent(crate::pooler::named_statements());
        if let Err(err) = probe.execute(&mut *self.inner).await {
            let aborted = err
                .as_database_error()
                .and_then(|e| e.code())
                .is_some_and(|code| code == "25P02");
            if aborted {
                let _ = self.inner.rollback().await;
                return Err(Error::TransactionAborted);
            }
            return Err(err.into());
        }
        Ok(self.inner.commit().await?)
    }

    /// Rolls back.
    pub async fn rollback(self) -> Result<()> {
        Ok(self.inner.rollback().await?)
    }
}

transaction_connection!(Tx, inner);
