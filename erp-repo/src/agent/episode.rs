//! `agent.episode`: to be written.
