//! Typed rows, forms, ids and labels of the `erp` schema, and the ERP's pure domain arithmetic.

pub mod enums;
pub mod ids;
pub mod labels;

pub use enums::*;
pub use ids::*;
pub use labels::LabelError;
