//! `agent.tool`: to be written.
