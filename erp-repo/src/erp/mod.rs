//! Repositories of the `erp` schema.

mod task;

pub use task::{TaskFilter, TaskSort, Tasks};
