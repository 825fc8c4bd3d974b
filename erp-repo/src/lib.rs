#![doc = include_str!("../README.md")]

pub mod crud;
pub mod erp;
pub mod error;
pub mod filter;
mod macros;
pub mod page;
pub mod value;

pub use error::{Error, Result};
pub use page::{Cursor, Ordering, Page, PageRequest, SortKey};
