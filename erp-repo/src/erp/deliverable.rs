//! `erp.deliverable`: to be written.
