//! `agent.block`: to be written.
