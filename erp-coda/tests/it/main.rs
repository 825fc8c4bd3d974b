//! erp-coda's integration tests: the client against a local mock of the Coda API, the import against a
//! fresh migrated PostgreSQL per test (erp-testkit).

mod cli;
mod client;
mod common;
mod import;
