//! Forgetting a client entirely: every per-client memory table, in one transaction.

use sea_query::{Expr, ExprTrait, Query};
use sqlx::{Acquire, PgConnection, Postgres};

use crate::Result;
use crate::crud::{self, field};
use crate::isolation::client_scope;
pub use agent_model::ForgetReport;

/// Deletes everything kept per client for `client_id` — memories, facts, working state, episodes, webhook
/// log and profile — in one transaction: all of it or, on error, none. Other clients are untouched.
///
/// Sessions and the rest of the agent schema are keyed by subject, not by memory client, and stay.
pub fn forget_client<'c>(
    db: impl Acquire<'c, Database = Postgres> + Send,
    client_id: &str,
) -> impl Future<Output = Result<ForgetReport>> + Send {
    crate::crud::traced_op("agent", "forget_client", async move {
        let mut held = db.acquire().await?;
        forget_client_on(&mut held, client_id).await
    })
}

async fn forget_client_on(conn: &mut PgConnection, client_id: &str) -> Result<ForgetReport> {
    let client = field("client_id", client_id)?;
    let mut tx = conn.begin().await?;
    let mut deleted = [0u64; 6];
    for (count, table) in deleted.iter_mut().zip([
        "agent.memory_entries",
        "agent.memory_facts",
        "agent.working_state",
        "agent.episodes",
        "agent.webhook_executions",
        "agent.client_profiles",
    ]) {
        let name = table.trim_start_matches("agent.");
        let stmt = Query::delete()
            .from_table(("agent", name))
            .and_where(Expr::col("client_id").eq(client.clone()))
            .and_where(client_scope(table, client_id))
            .to_owned();
        *count = crud::execute(&mut *tx, &stmt).await?;
    }
    tx.commit().await?;
    let [
        memories,
        facts,
        working_state,
        episodes,
        webhook_executions,
        profiles,
    ] = deleted;
    Ok(ForgetReport {
        memories,
        facts,
        working_state,
        episodes,
        webhook_executions,
        profile: profiles > 0,
    })
}
