#![doc = include_str!("../README.md")]

pub mod agent;
mod crud;
pub mod db;
#[cfg(test)]
mod drift;
pub mod erp;
pub mod error;
mod filter;
pub mod isolation;
mod macros;
pub mod page;
mod repository;
pub mod schema;
mod value;

pub use db::{Db, DbOptions};
pub use error::{Error, Result};
pub use page::{Cursor, Page, PageRequest, SortKey, SortOrder};
pub use repository::Repository;
