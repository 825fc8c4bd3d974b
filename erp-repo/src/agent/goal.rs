//! `agent.goal`: to be written.
