//! One transaction per domain operation, rolled back at once when the operation fails.

use sqlx::{Postgres, Transaction};

use crate::Result;

/// Ends an operation's transaction: commits when the operation returned `Ok`, rolls back before
/// returning when it returned `Err`.
///
/// A dropped sqlx transaction only queues its rollback for the connection's next use, so a refusal
/// returned from inside one would keep the operation's row locks (`FOR UPDATE`, advisory locks) for as
/// long as the caller holds the connection. Rolling back here releases them when the call returns.
pub(super) async fn finish<T>(tx: Transaction<'_, Postgres>, result: Result<T>) -> Result<T> {
    match result {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(err) => {
            // The operation's own error is what the caller needs; a failed rollback leaves the
            // connection for sqlx to discard, as a dropped transaction would.
            let _ = tx.rollback().await;
            Err(err)
        }
    }
}
