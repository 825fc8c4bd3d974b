//! Integration tests of erp-repo, each on a fresh migrated PostgreSQL database.

mod commercial;
mod config;
mod execution_runs;
mod facts_state;
mod goals_reflections;
mod graph_blocks;
mod memory;
mod patterns;
mod people_orgs;
mod planning;
mod projects;
mod recall;
mod seeds_scenarios;
mod sessions_events;
mod sprints;
mod tasks;
mod transactions;
