//! `agent.scheduler_run`: to be written.
