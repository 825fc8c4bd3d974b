//! `erp.service_blueprint`: to be written.
