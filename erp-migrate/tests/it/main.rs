//! Integration tests of erp-migrate, each on a database of its own from erp-testkit.

mod check;
mod checksum;
mod cli;
mod comments;
mod common;
mod concurrency;
mod docs;
mod pgvector;
mod roundtrip;
mod security;
mod snapshot;
mod validate;
