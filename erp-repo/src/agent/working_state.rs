//! `agent.working_state`: to be written.
