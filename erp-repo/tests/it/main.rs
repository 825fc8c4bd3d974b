//! Integration tests of erp-repo, each on a fresh migrated PostgreSQL database.

mod tasks;
