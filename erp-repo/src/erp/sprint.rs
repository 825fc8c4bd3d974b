//! `erp.sprint`: to be written.
