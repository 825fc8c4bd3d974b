//! planner-api's path: turn an active workflow into a plan, scheduled tasks and their ISO-week sprints.
//!
//! Runs against `DATABASE_URL` when set, else on a throwaway database: `cargo run --example planner_api`.

#[tokio::main]
async fn main() -> Result<(), erp_examples::BoxError> {
    let connection = erp_examples::connect().await?;
    erp_examples::planner_api::run(connection.db(), &mut std::io::stdout()).await
}
