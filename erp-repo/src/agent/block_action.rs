//! `agent.block_action`: to be written.
