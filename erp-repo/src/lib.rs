#![doc = include_str!("../README.md")]
// Calls that take sqlx's `Acquire` return `impl Future + Send` on purpose: as an `async fn` generic over
// `Acquire`, their future's Send-ness leaks to the caller, and rustc then fails to prove it for
// `&mut PgConnection` ("implementation of `Acquire` is not general enough") inside `tokio::spawn` or an
// axum handler.
#![allow(clippy::manual_async_fn)]

pub mod agent;
mod client_tx;
mod crud;
pub mod db;
#[cfg(test)]
mod drift;
pub mod erp;
pub mod error;
mod error_body;
mod filter;
pub mod isolation;
mod macros;
mod page;
pub mod pooler;
pub mod replica;
mod repository;
pub mod schema;
#[cfg(test)]
mod snapshot;
mod value;

pub use client_tx::ClientTx;
pub use db::{Db, DbOptions};
pub use error::{Error, Result};
pub use error_body::ErrorBody;
/// The statement builders the benchmarks (`benches/`) time, with the `bench-internals` feature only: not
/// part of the API, and no promise of stability.
#[cfg(feature = "bench-internals")]
#[doc(hidden)]
pub mod bench_internals {
    pub use crate::crud::{MAX_BIND_PARAMS, Table, fetch_all, select, traced};
    pub use crate::filter::ListFilter;
    pub use crate::page::{finish_page, page_query};
}

pub use page::{
    Cursor, CursorSecret, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageRequest, SortKey, SortOrder,
    set_cursor_key,
};
pub use repository::Repository;
pub use value::{MAX_JSON_DEPTH, numeric_columns};
