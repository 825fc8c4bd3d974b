//! erp-model.
