//! The README's demo: migrate, add a small ERP, print this week's sprint board and the workflow performance table.
//!
//! Runs against `DATABASE_URL` when set, else on a throwaway database: `cargo run --example quickstart`.

#[tokio::main]
async fn main() -> Result<(), erp_examples::BoxError> {
    let connection = erp_examples::connect().await?;
    erp_examples::quickstart::run(connection.db(), &mut std::io::stdout()).await
}
