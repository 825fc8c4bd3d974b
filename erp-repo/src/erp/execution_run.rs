//! `erp.execution_run`: to be written.
