//! erp-repo.
