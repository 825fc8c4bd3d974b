//! Workflow variance over the last 90 days by drift, and each run against its task's estimate.
//!
//! Runs against `DATABASE_URL` when set, else on a throwaway database: `cargo run --example analytics`.

#[tokio::main]
async fn main() -> Result<(), erp_examples::BoxError> {
    let connection = erp_examples::connect().await?;
    erp_examples::analytics::run(connection.db(), &mut std::io::stdout()).await
}
