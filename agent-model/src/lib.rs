//! Typed rows, forms, ids and labels of the `agent` schema.

pub mod enums;

pub use enums::*;
