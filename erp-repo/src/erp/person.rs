//! `erp.person`: to be written.
