//! Applying, rolling back and reporting the embedded migrations.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::migrate::{Migrate, Migration};
use sqlx::pool::PoolConnection;
use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool, Postgres, Row};

use crate::{Error, MIGRATOR};

/// The table in which sqlx records the applied migrations (sqlx's default, found via `search_path`).
pub const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// How far [`down`] rolls back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownTarget {
    /// Undo the newest applied migration only.
    Last,
    /// Undo every applied migration newer than this version; the version itself stays applied.
    To(i64),
    /// Undo every applied migration.
    All,
}

/// The state of one migration, as [`status`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrationStatus {
    /// The version, from the file name (e.g. `20251201000001`).
    pub version: i64,
    /// The description, from the file name (e.g. `erp schema`).
    pub description: String,
    /// When it was applied; `None` while it is pending.
    pub applied_at: Option<DateTime<Utc>>,
    /// Applied, but the embedded file has changed since: `up` refuses to run until this is resolved.
    pub checksum_mismatch: bool,
    /// `false` for a migration the database has applied but this binary does not embed.
    pub embedded: bool,
    /// Marked unsuccessful in `_sqlx_migrations` (a migration that failed part-way).
    pub failed: bool,
}

impl MigrationStatus {
    /// Whether the database has applied this migration.
    pub fn is_applied(&self) -> bool {
        self.applied_at.is_some()
    }

    /// Whether this entry needs attention: a checksum mismatch, an unknown or a failed migration.
    pub fn is_problem(&self) -> bool {
        self.checksum_mismatch || !self.embedded || self.failed
    }
}

/// One row of `_sqlx_migrations`.
#[derive(sqlx::FromRow)]
struct AppliedRow {
    version: i64,
    description: String,
    installed_on: DateTime<Utc>,
    success: bool,
    checksum: Vec<u8>,
}

/// The embedded up migrations, ascending by version.
fn embedded() -> impl Iterator<Item = &'static Migration> {
    MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
}

/// Applies every pending migration and returns the versions it applied, ascending (empty when the
/// database was up to date, so calling it twice is harmless).
///
/// Safe to call from several processes at once: the work is done under sqlx's PostgreSQL advisory
/// lock, so one process applies and the others then find nothing to do. Refuses to run, naming the
/// version, when an applied migration's embedded file has changed ([`Error::ChecksumMismatch`]) or
/// the database has applied migrations this binary does not know ([`Error::UnknownApplied`]).
///
/// Waits at most [`LOCK_WAIT`] for another session holding the migration lock, then fails with
/// [`Error::LockTimeout`] naming it (see [`up_waiting_at_most`]).
pub async fn up(pool: &PgPool) -> Result<Vec<i64>, Error> {
    up_waiting_at_most(pool, LOCK_WAIT).await
}

/// As [`up`], waiting at most `lock_wait` for the migration lock.
pub async fn up_waiting_at_most(pool: &PgPool, lock_wait: Duration) -> Result<Vec<i64>, Error> {
    let mut conn = locked_connection(pool, lock_wait).await?;
    let result = up_locked(&mut conn).await;
    finish(conn, result).await
}

async fn up_locked(conn: &mut PgConnection) -> Result<Vec<i64>, Error> {
    conn.ensure_migrations_table(MIGRATIONS_TABLE).await?;
    let before = applied_rows(conn).await?;
    check_applied(&before)?;
    for m in embedded() {
        if let Some(row) = before.get(&m.version)
            && row.checksum != *m.checksum
        {
            return Err(Error::ChecksumMismatch {
                version: m.version,
                description: m.description.to_string(),
            });
        }
    }
    // The advisory lock is re-entrant: `run` takes and releases it once more inside ours.
    MIGRATOR.run(&mut *conn).await?;
    let after = applied_rows(conn).await?;
    let applied: Vec<i64> = after
        .keys()
        .filter(|v| !before.contains_key(v))
        .copied()
        .collect();
    for version in &applied {
        let description = embedded()
            .find(|m| m.version == *version)
            .map(|m| m.description.to_string())
            .unwrap_or_default();
        tracing::info!(version, description, "migration applied");
    }
    Ok(applied)
}

/// Rolls back applied migrations as far as `target` says, newest first, and returns the versions it
/// undid in that order (empty when there was nothing to undo).
///
/// Runs under the same advisory lock as [`up`]. [`DownTarget::To`] must name an embedded version
/// (or 0, which means everything).
pub async fn down(pool: &PgPool, target: DownTarget) -> Result<Vec<i64>, Error> {
    if let DownTarget::To(version) = target
        && version != 0
        && !embedded().any(|m| m.version == version)
    {
        return Err(Error::UnknownVersion(version));
    }
    let mut conn = locked_connection(pool, LOCK_WAIT).await?;
    let result = down_locked(&mut conn, target).await;
    finish(conn, result).await
}

async fn down_locked(conn: &mut PgConnection, target: DownTarget) -> Result<Vec<i64>, Error> {
    conn.ensure_migrations_table(MIGRATIONS_TABLE).await?;
    let before = applied_rows(conn).await?;
    check_applied(&before)?;
    let applied: Vec<i64> = before.keys().copied().collect();
    // sqlx undoes every applied migration whose version is greater than the target.
    let target_version = match target {
        DownTarget::Last => match applied.len() {
            0 => return Ok(Vec::new()),
            1 => i64::MIN,
            n => applied[n - 2],
        },
        DownTarget::To(0) | DownTarget::All => i64::MIN,
        DownTarget::To(version) => version,
    };
    MIGRATOR.undo(&mut *conn, target_version).await?;
    let after = applied_rows(conn).await?;
    Ok(before
        .keys()
        .rev()
        .filter(|v| !after.contains_key(v))
        .copied()
        .collect())
}

/// Reports every embedded migration (pending or applied, with the time it was applied and whether
/// its file changed since) and every applied migration this binary does not embed, by version.
///
/// Read-only: works on a database that was never migrated (everything is pending).
pub async fn status(pool: &PgPool) -> Result<Vec<MigrationStatus>, Error> {
    let mut conn = pool.acquire().await?;
    let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
        .bind(MIGRATIONS_TABLE)
        .fetch_one(&mut *conn)
        .await?;
    let mut rows = if exists {
        applied_rows(&mut conn).await?
    } else {
        BTreeMap::new()
    };
    let mut out: Vec<MigrationStatus> = embedded()
        .map(|m| {
            let row = rows.remove(&m.version);
            MigrationStatus {
                version: m.version,
                description: m.description.to_string(),
                applied_at: row.as_ref().map(|r| r.installed_on),
                checksum_mismatch: row.as_ref().is_some_and(|r| r.checksum != *m.checksum),
                embedded: true,
                failed: row.as_ref().is_some_and(|r| !r.success),
            }
        })
        .collect();
    out.extend(rows.into_values().map(|r| MigrationStatus {
        version: r.version,
        description: r.description,
        applied_at: Some(r.installed_on),
        checksum_mismatch: false,
        embedded: false,
        failed: !r.success,
    }));
    out.sort_by_key(|s| s.version);
    Ok(out)
}

/// Checks, read-only, that the database has applied every embedded migration, unchanged, and nothing
/// else: what a service runs at start-up under its own role (`up` is a deploy step, run as the owner).
///
/// Fails with [`Error::Pending`] naming the migrations not yet applied, [`Error::ChecksumMismatch`],
/// [`Error::UnknownApplied`] or [`Error::Dirty`]. Needs only SELECT on `_sqlx_migrations`, which
/// migration 0008 grants to the service roles.
pub async fn check(pool: &PgPool) -> Result<(), Error> {
    let statuses = status(pool).await?;
    if let Some(s) = statuses.iter().find(|s| s.failed) {
        return Err(Error::Dirty(s.version));
    }
    let unknown: Vec<i64> = statuses
        .iter()
        .filter(|s| !s.embedded)
        .map(|s| s.version)
        .collect();
    if !unknown.is_empty() {
        return Err(Error::UnknownApplied { versions: unknown });
    }
    if let Some(s) = statuses.iter().find(|s| s.checksum_mismatch) {
        return Err(Error::ChecksumMismatch {
            version: s.version,
            description: s.description.clone(),
        });
    }
    let pending: Vec<String> = statuses
        .iter()
        .filter(|s| !s.is_applied())
        .map(|s| format!("{} ({})", s.version, s.description))
        .collect();
    if pending.is_empty() {
        Ok(())
    } else {
        Err(Error::Pending {
            migrations: pending,
        })
    }
}

/// How long [`up`] and [`down`] wait for another session's migration lock.
pub const LOCK_WAIT: Duration = Duration::from_secs(60);

/// A pooled connection holding sqlx's migration advisory lock. It is closed instead of being returned
/// to the pool (in [`finish`], or on drop if the future is cancelled): that ends the session and so
/// releases the lock, even where sqlx returned early without unlocking.
///
/// Any role that can connect can take that advisory lock, so the wait is bounded (`lock_timeout`
/// applies to advisory locks too), and a timeout names the session holding it.
async fn locked_connection(
    pool: &PgPool,
    lock_wait: Duration,
) -> Result<PoolConnection<Postgres>, Error> {
    let mut conn = pool.acquire().await?;
    conn.close_on_drop();
    refuse_transaction_pooler(pool, &mut conn).await?;
    // At least 1 ms: 0 would mean no limit.
    let millis = lock_wait.as_millis().clamp(1, i32::MAX as u128).to_string();
    sqlx::query("SELECT set_config('lock_timeout', $1, false)")
        .bind(&millis)
        .execute(&mut *conn)
        .await?;
    if let Err(e) = conn.lock().await {
        let timed_out = matches!(&e, sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(d))
            if d.code().as_deref() == Some("55P03"));
        if !timed_out {
            return Err(e.into());
        }
        let holder = lock_holder(&mut conn).await?;
        return Err(Error::LockTimeout {
            waited: lock_wait,
            holder,
        });
    }
    // The migrations' own statements wait as long as they must, as before.
    sqlx::query("SELECT set_config('lock_timeout', '0', false)")
        .execute(&mut *conn)
        .await?;
    Ok(conn)
}

/// How long the pooler check waits for its connection's second statement: a direct connection answers at
/// once, a transaction pooler with no free server session never does.
const POOLER_CHECK_WAIT: Duration = Duration::from_secs(5);

/// Fails with [`Error::TransactionPooler`] unless `conn` keeps its server session between transactions,
/// checked before anything is locked, so that nothing stays behind on a pooled session.
///
/// A second connection opens a transaction, which pins one server session while it lasts. Directly, it has
/// a session of its own and `conn` keeps its own. Through a transaction pooler, the second connection is
/// handed a pooled session, most recently `conn`'s (PgBouncer reuses the last released one), or `conn`'s
/// next statement lands on another session, or waits for one. Statements without parameters go through
/// the simple protocol, which any pooler passes.
async fn refuse_transaction_pooler(pool: &PgPool, conn: &mut PgConnection) -> Result<(), Error> {
    // The simple protocol (raw_sql): a prepared statement would itself trip over a pooler.
    const PID: &str = "SELECT pg_backend_pid()";
    let pid = |row: sqlx::postgres::PgRow| row.try_get::<i32, _>(0);
    let before = pid(sqlx::raw_sql(PID).fetch_one(&mut *conn).await?)?;
    let mut probe = PgConnection::connect_with(&pool.connect_options()).await?;
    let pinned = pid(sqlx::raw_sql(AssertSqlSafe(format!("BEGIN; {PID}")))
        .fetch_one(&mut probe)
        .await?)?;
    let after = tokio::time::timeout(POOLER_CHECK_WAIT, sqlx::raw_sql(PID).fetch_one(&mut *conn))
        .await
        .map(|row| row.and_then(pid));
    let _ = probe.close().await;
    let evidence = match after {
        _ if pinned == before => {
            format!("a second connection was handed this connection's server session, pid {before}")
        }
        Err(_) => format!(
            "this connection waited {POOLER_CHECK_WAIT:?} for a server session while another held one"
        ),
        Ok(Err(e)) => return Err(e.into()),
        Ok(Ok(after)) if after != before => {
            format!("this connection moved from server session pid {before} to pid {after}")
        }
        Ok(Ok(_)) => return Ok(()),
    };
    Err(Error::TransactionPooler { evidence })
}

/// Who holds the migration lock of this database: pid, user, application, client address and since when.
async fn lock_holder(conn: &mut PgConnection) -> Result<String, Error> {
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&mut *conn)
        .await?;
    let key = migration_lock_id(&database);
    // A bigint advisory lock is (classid, objid) = (high, low 32 bits) with objsubid 1.
    let holders: Vec<String> = sqlx::query_scalar(
        "SELECT format('pid %s (user %s, application %s, client %s, connected %s, state %s)',
                       l.pid, coalesce(a.usename::text, '?'), coalesce(nullif(a.application_name, ''), '-'),
                       coalesce(host(a.client_addr), 'local socket'), a.backend_start, coalesce(a.state, '?'))
         FROM pg_locks l
         LEFT JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid = ($1::bigint)::oid AND l.objid = ($2::bigint)::oid
         ORDER BY l.pid",
    )
    .bind(((key as u64) >> 32) as i64)
    .bind(i64::from(key as u32))
    .fetch_all(&mut *conn)
    .await?;
    Ok(if holders.is_empty() {
        "a session that released it meanwhile".to_string()
    } else {
        holders.join("; ")
    })
}

/// sqlx's advisory lock key for migrating `database` (sqlx-postgres `generate_lock_id`).
fn migration_lock_id(database: &str) -> i64 {
    0x3d32_ad9e * i64::from(crc32(database.as_bytes()))
}

/// CRC-32 (ISO-HDLC, as zlib), bit by bit: it runs once per lock timeout.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

async fn finish<T>(conn: PoolConnection<Postgres>, result: Result<T, Error>) -> Result<T, Error> {
    let closed = conn.close().await;
    let value = result?;
    closed?;
    Ok(value)
}

async fn applied_rows(conn: &mut PgConnection) -> Result<BTreeMap<i64, AppliedRow>, Error> {
    let rows: Vec<AppliedRow> = sqlx::query_as(
        "SELECT version, description, installed_on, success, checksum FROM _sqlx_migrations",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.version, r)).collect())
}

/// Refuses a database with a failed migration or with migrations this binary does not embed.
fn check_applied(applied: &BTreeMap<i64, AppliedRow>) -> Result<(), Error> {
    if let Some(row) = applied.values().find(|r| !r.success) {
        return Err(Error::Dirty(row.version));
    }
    let known: BTreeSet<i64> = embedded().map(|m| m.version).collect();
    let unknown: Vec<i64> = applied
        .keys()
        .filter(|v| !known.contains(v))
        .copied()
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Error::UnknownApplied { versions: unknown })
    }
}

#[cfg(test)]
mod tests {
    use super::crc32;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }
}
