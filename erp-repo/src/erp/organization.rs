//! `erp.organization`: to be written.
