//! `erp.project`: to be written.
