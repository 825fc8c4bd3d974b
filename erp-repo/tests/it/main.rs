//! Integration tests of erp-repo, each on a fresh migrated PostgreSQL database.

mod commercial;
mod common;
mod config;
mod erp;
mod errors;
mod execution_runs;
mod facts_state;
mod faults;
mod goals_reflections;
mod graph_blocks;
mod hostile;
mod memory;
mod patterns;
mod people_orgs;
mod planning;
mod pooler;
mod projects;
mod recall;
mod replica;
mod security;
mod seeds_scenarios;
mod sessions_events;
mod sprints;
mod tasks;
mod tracing_spans;
mod transactions;
