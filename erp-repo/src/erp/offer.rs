//! `erp.offer`: to be written.
