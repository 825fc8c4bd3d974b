//! planner-api, an HTTP service template (axum), connected as a member of `erp_planner`.
//!
//! `cargo run --example planner_api` serves on `PORT` (default 3000) against `DATABASE_URL` (a login role
//! in `erp_planner`, schema migrated by the deploy step) or a throwaway database;
//! `cargo run --example planner_api -- --demo` sends it a short scripted session over HTTP and exits.

#[tokio::main]
async fn main() -> Result<(), erp_examples::BoxError> {
    erp_examples::http::planner_api::main(erp_examples::http::Mode::from_args()).await
}
