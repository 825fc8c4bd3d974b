//! `erp.resource_template`: to be written.
