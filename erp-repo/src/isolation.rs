//! Per-client isolation: the acting client that the row-level security policies of the agent's memory
//! tables compare `client_id` with.

use sea_query::{Expr, Func, Query};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::crud::{execute, field};
use crate::error::Result;

/// The setting the policies read (`current_setting('erp.client_id', true)`).
pub const ACTING_CLIENT_SETTING: &str = "erp.client_id";

/// Sets the acting client until the end of the current transaction. Under a role subject to row-level
/// security (e.g. `erp_memory_writer`), every read, update and delete of the per-client tables then sees
/// only this client's rows, and inserts for another client are refused — hand-written SQL included.
/// Outside a transaction the setting would end with the statement, so call it on a transaction.
pub async fn act_as_client(conn: &mut PgConnection, client_id: &str) -> Result<()> {
    let stmt = Query::select()
        .expr(Func::cust("set_config").args([
            Expr::val(ACTING_CLIENT_SETTING),
            field("client_id", client_id)?,
            Expr::val(true),
        ]))
        .to_owned();
    execute(conn, &stmt).await?;
    Ok(())
}

/// Begins a transaction acting for `client_id` (see [`act_as_client`]).
pub async fn begin_as_client(
    pool: &PgPool,
    client_id: &str,
) -> Result<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await?;
    act_as_client(&mut tx, client_id).await?;
    Ok(tx)
}
