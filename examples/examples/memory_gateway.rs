//! memory-gateway, an HTTP service template (axum), connected as a member of `erp_memory_writer`.
//!
//! `cargo run --example memory_gateway` serves on `PORT` (default 3000) against `DATABASE_URL` (a login
//! role in `erp_memory_writer`, with `ERP_CLIENT_CLAIM_KEY` from `erp-migrate claim-key`) or a throwaway
//! database; `cargo run --example memory_gateway -- --demo` sends it a short scripted session over HTTP
//! and exits.

#[tokio::main]
async fn main() -> Result<(), erp_examples::BoxError> {
    erp_examples::http::memory_gateway::main(erp_examples::http::Mode::from_args()).await
}
