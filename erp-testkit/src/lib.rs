#![doc = include_str!("../README.md")]

mod db;
mod error;
mod pooler;
mod role;
mod server;
mod url;

pub use db::{TestDb, TestServer};
pub use error::Error;
pub use role::{LoginRole, SdkRole};
