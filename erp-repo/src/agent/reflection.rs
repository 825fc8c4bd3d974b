//! `agent.reflection`: to be written.
