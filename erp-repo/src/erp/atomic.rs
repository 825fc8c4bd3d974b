//! One transaction per domain operation, rolled back at once when the operation fails.

use sqlx::{Acquire, PgConnection};

use crate::Result;

/// Runs `body` in a transaction on `conn`: commits when it returns `Ok`, rolls back before returning
/// when it returns `Err`.
///
/// A dropped sqlx transaction only queues its rollback for the connection's next use, so a refusal
/// returned from inside one would keep the operation's row locks (`FOR UPDATE`, advisory locks) for as
/// long as the caller holds the connection. Rolling back here releases them when the call returns.
pub(super) async fn atomically<T, F>(conn: &mut PgConnection, body: F) -> Result<T>
where
    F: for<'t> AsyncFnOnce(&'t mut PgConnection) -> Result<T>,
{
    let mut tx = conn.begin().await?;
    match body(&mut tx).await {
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
