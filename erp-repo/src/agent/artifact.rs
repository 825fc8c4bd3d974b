//! `agent.artifact`: to be written.
