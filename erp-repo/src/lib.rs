#![doc = include_str!("../README.md")]

pub mod agent;
pub mod crud;
pub mod db;
pub mod erp;
pub mod error;
pub mod filter;
pub mod isolation;
mod macros;
pub mod page;
pub mod value;

pub use db::{Db, DbOptions};
pub use error::{Error, Result};
pub use page::{Cursor, Ordering, Page, PageRequest, SortKey};
