//! `erp-migrate`: apply, roll back, report and validate the schema.

fn main() {}
