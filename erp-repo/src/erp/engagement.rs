//! `erp.engagement`: to be written.
