//! Stale-tolerant reads from a streaming read replica, while it is up and close enough behind the primary.
//!
//! [`crate::Db::reader`] hands out the replica's pool when its last check found it healthy, else the
//! primary's. A check runs at most every [`crate::DbOptions::replica_check_interval`], by whichever call
//! finds the last one too old (the others meanwhile use its verdict): one statement on the primary (its
//! WAL position) and one on the replica (its replay position and the time of its last replayed commit),
//! each bounded by [`PROBE_TIMEOUT`]. A replica that has replayed everything the primary had written is
//! 0 behind; otherwise it is as far behind as its last replayed commit is old, a bound that errs towards
//! the primary. Each read that falls back counts in [`crate::Db::replica_fallbacks`], and each change of
//! verdict is a `tracing` event (target `erp_repo::replica`: a warning when reads fall back, info when they
//! return), like the crate's other events.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::PgPool;

/// How long a check waits for each of its two statements before calling the replica unreachable.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// What the last check of the replica found.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum ReplicaHealth {
    /// Not checked yet: reads go to the primary until the first check.
    Unchecked,
    /// Up, and at most the bound behind: stale-tolerant reads go to it.
    Fresh {
        /// How far behind the primary it was (0 when it had replayed everything).
        lag: Duration,
    },
    /// Up, but further behind than the bound (or it has never replayed a commit): reads go to the primary.
    Lagging {
        /// How far behind it was, as the age of its last replayed commit; `None` when it has none.
        lag: Option<Duration>,
    },
    /// It did not answer within [`PROBE_TIMEOUT`], or failed: reads go to the primary.
    Unreachable,
    /// It answered but is not in recovery (promoted, or the URL is not a standby's): reads go to the primary.
    NotAStandby,
}

impl ReplicaHealth {
    /// Whether reads may go to the replica.
    pub fn is_usable(&self) -> bool {
        matches!(self, ReplicaHealth::Fresh { .. })
    }
}

/// A replica's pool, its lag bound and the verdict of its last check.
#[derive(Debug)]
pub(crate) struct Replica {
    pool: PgPool,
    max_lag: Duration,
    check_every: Duration,
    state: Mutex<State>,
    fallbacks: AtomicU64,
}

#[derive(Debug)]
struct State {
    checked_at: Option<Instant>,
    health: ReplicaHealth,
}

impl Replica {
    pub(crate) fn new(pool: PgPool, max_lag: Duration, check_every: Duration) -> Replica {
        Replica {
            pool,
            max_lag,
            check_every,
            state: Mutex::new(State {
                checked_at: None,
                health: ReplicaHealth::Unchecked,
            }),
            fallbacks: AtomicU64::new(0),
        }
    }

    /// The replica's pool when it is usable, else `primary`.
    pub(crate) async fn pick<'a>(&'a self, primary: &'a PgPool) -> &'a PgPool {
        let due = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let due = state
                .checked_at
                .is_none_or(|at| at.elapsed() >= self.check_every);
            if due {
                // Claimed: concurrent callers use the current verdict until this check is done.
                state.checked_at = Some(Instant::now());
            }
            due.then_some(state.health)
        };
        let health = match due {
            Some(before) => {
                let now = self.check(primary).await;
                if now.is_usable() != before.is_usable() || before == ReplicaHealth::Unchecked {
                    if now.is_usable() {
                        tracing::info!(target: "erp_repo::replica", health = ?now, "reads go to the replica");
                    } else {
                        tracing::warn!(target: "erp_repo::replica", health = ?now, "reads fall back to the primary");
                    }
                }
                self.state.lock().unwrap_or_else(|e| e.into_inner()).health = now;
                now
            }
            None => self.health(),
        };
        if health.is_usable() {
            &self.pool
        } else {
            self.fallbacks.fetch_add(1, Ordering::Relaxed);
            primary
        }
    }

    pub(crate) fn health(&self) -> ReplicaHealth {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).health
    }

    pub(crate) fn fallbacks(&self) -> u64 {
        self.fallbacks.load(Ordering::Relaxed)
    }

    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Checks the replica now: up, a standby, and how far behind `primary`.
    pub(crate) async fn check(&self, primary: &PgPool) -> ReplicaHealth {
        // The primary's position first: a replica that has replayed up to it was current at that moment.
        let lsn = tokio::time::timeout(
            PROBE_TIMEOUT,
            sqlx::query_scalar::<_, String>("SELECT pg_current_wal_lsn()::text")
                .persistent(crate::pooler::named_statements())
                .fetch_one(primary),
        )
        .await;
        // Without the primary's position (down, or itself a standby), judge by the replay age alone.
        let lsn = match lsn {
            Ok(Ok(lsn)) => Some(lsn),
            _ => None,
        };
        let probe = sqlx::query_as::<_, (bool, Option<bool>, Option<f64>)>(
            "SELECT pg_is_in_recovery(),
                    pg_last_wal_replay_lsn() >= $1::text::pg_lsn,
                    extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8",
        )
        .bind(lsn)
        .persistent(crate::pooler::named_statements())
        .fetch_one(&self.pool);
        let (in_recovery, caught_up, age) = match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
            Ok(Ok(row)) => row,
            _ => return ReplicaHealth::Unreachable,
        };
        if !in_recovery {
            return ReplicaHealth::NotAStandby;
        }
        if caught_up == Some(true) {
            return ReplicaHealth::Fresh {
                lag: Duration::ZERO,
            };
        }
        let lag = age.and_then(|s| Duration::try_from_secs_f64(s.max(0.0)).ok());
        match lag {
            Some(lag) if lag <= self.max_lag => ReplicaHealth::Fresh { lag },
            lag => ReplicaHealth::Lagging { lag },
        }
    }
}
