//! `agent.fact`: to be written.
