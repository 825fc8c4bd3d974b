//! `agent.plan`: to be written.
