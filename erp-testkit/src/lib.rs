//! erp-testkit.
