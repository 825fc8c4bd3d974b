//! `agent.profile`: to be written.
