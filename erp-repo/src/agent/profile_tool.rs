//! `agent.profile_tool`: to be written.
