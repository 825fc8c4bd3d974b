//! `erp.process_template`: to be written.
