//! `erp.okr`: to be written.
