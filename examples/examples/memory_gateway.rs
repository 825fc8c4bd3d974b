//! memory-gateway's path: a session, idempotent runs, memories with a TTL, promoted facts and recall.
//!
//! Runs against `DATABASE_URL` when set, else on a throwaway database: `cargo run --example memory_gateway`.

#[tokio::main]
async fn main() -> Result<(), erp_examples::BoxError> {
    let connection = erp_examples::connect().await?;
    erp_examples::memory_gateway::run(connection.db(), &mut std::io::stdout()).await
}
