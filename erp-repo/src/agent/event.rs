//! `agent.event`: to be written.
