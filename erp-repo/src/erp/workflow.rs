//! `erp.workflow`: to be written.
