//! `erp.venture`: to be written.
