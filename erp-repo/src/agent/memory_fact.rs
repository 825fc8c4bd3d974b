//! `agent.memory_fact`: to be written.
