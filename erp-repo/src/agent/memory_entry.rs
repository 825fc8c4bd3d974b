//! `agent.memory_entry`: to be written.
