//! Running through a transaction pooler (PgBouncer `pool_mode = transaction`): unnamed statements.
//!
//! Through such a pooler each transaction, and each statement outside one, may run on another server
//! session. sqlx prepares a statement with its own Sync (Parse, Describe, Sync) and runs it with a second
//! one (Bind, Execute, Sync), under a name (`sqlx_s_<n>`) even with its statement cache off
//! (`statement_cache_capacity(0)` only stops reuse). Measured through PgBouncer 1.18 with 8 concurrent
//! connections: named statements collide on a shared server session ("prepared statement sqlx_s_2 already
//! exists", with or without the cache) and an unnamed statement outside a transaction loses its server
//! session between the two Syncs ("unnamed prepared statement does not exist"). Unnamed statements inside
//! a transaction work: the pooler keeps the session until COMMIT. So [`crate::DbOptions::for_transaction_pooler`]
//! switches the SDK's statements to unnamed ones, and every call goes through [`crate::Db::begin`].

use std::sync::atomic::{AtomicBool, Ordering};

static UNNAMED: AtomicBool = AtomicBool::new(false);

/// Makes every statement of the SDK unnamed (parsed anew on each call, never kept in the session), for the
/// whole process: once a [`crate::Db`] is connected for a transaction pooler. Statements still work on a
/// direct connection, parsed on every call.
pub fn use_unnamed_statements() {
    UNNAMED.store(true, Ordering::Relaxed);
}

/// Whether the SDK's statements are prepared under a name and cached (`false` after
/// [`use_unnamed_statements`]).
pub fn named_statements() -> bool {
    !UNNAMED.load(Ordering::Relaxed)
}
